// Real namespaces, bridge, veths and dual-stack addresses (root required).
import {
  configureHostStack,
  connectToBridge,
  deleteAddress,
  deleteNamespace,
  ensureAddresses,
  ensureBridge,
  ensureNamespace,
  getLink,
  ip,
  ipJson,
  LabNameError,
  LinkConflictError,
  listNamespaces,
  namespaceExists,
  nsExec,
  readAddresses,
  readSysctl,
  acceptAddresses,
  acceptedAddresses,
  setSysctls,
} from "../../../components/lab/linux";
import { buildLab, cleanup, describeAsRoot, planLab, uniquePrefix } from "./fixture";

jest.setTimeout(30_000);

describeAsRoot("lab-linux network primitives", () => {
  const prefix = uniquePrefix();
  const lab = planLab(prefix);
  const { a, b } = lab;

  afterAll(() => cleanup(prefix));

  it("rejects bad namespace and interface names with a clear error", async () => {
    await expect(ensureNamespace("has space")).rejects.toThrow(LabNameError);
    await expect(ensureNamespace("x".repeat(65))).rejects.toThrow(/invalid namespace name/);
    await expect(ensureBridge(lab.switchNs, "a-very-long-bridge")).rejects.toThrow(/1-15 characters.*got 18/);
    await expect(
      connectToBridge({ hostNs: a.ns, hostIf: "eth0", switchNs: lab.switchNs, bridge: "br0", peerIf: "p/x" }),
    ).rejects.toThrow(/invalid interface name "p\/x"/);
  });

  it("builds the lab, and building it again is a no-op", async () => {
    await buildLab(lab);
    const first = await getLink(a.ns, a.ifname);
    await buildLab(lab); // Pulumi may retry: everything must be idempotent
    const again = await getLink(a.ns, a.ifname);
    expect(again?.ifindex).toBe(first?.ifindex); // same veth, not recreated
    expect(await listNamespaces(prefix)).toEqual([a.ns, b.ns, lab.switchNs].sort());
    expect(await namespaceExists(a.ns)).toBe(true);
    expect(await readAddresses(a.ns, a.ifname)).toEqual({ ipv4: [a.ipv4], ipv6: [a.ipv6] });
  });

  it("creates veths directly in their namespaces: nothing in the root namespace", async () => {
    const rootLinks = await ipJson<{ ifname: string }>(undefined, ["link", "show"]);
    const names = rootLinks.map((l) => l.ifname);
    expect(names).not.toContain(a.peerIf);
    expect(names).not.toContain(b.peerIf);
    const peer = await getLink(lab.switchNs, a.peerIf);
    expect(peer?.master).toBe(lab.bridge);
    expect(peer?.flags).toContain("UP");
  });

  it("configures the bridge for instant forwarding", async () => {
    const [br] = await ipJson<{ linkinfo: { info_kind: string; info_data: Record<string, number> } }>(lab.switchNs, [
      "-d", "link", "show", "dev", lab.bridge,
    ]);
    expect(br.linkinfo.info_kind).toBe("bridge");
    expect(br.linkinfo.info_data).toMatchObject({ stp_state: 0, forward_delay: 0, mcast_snooping: 0 });
  });

  it("applies the per-namespace dual-stack sysctls", async () => {
    expect(await readSysctl(a.ns, `net/ipv6/conf/${a.ifname}/accept_dad`)).toBe("0");
    expect(await readSysctl(a.ns, "net/ipv6/conf/default/accept_dad")).toBe("0");
    expect(await readSysctl(a.ns, `net/ipv6/conf/${a.ifname}/keep_addr_on_down`)).toBe("1");
    expect(await readSysctl(a.ns, "net/ipv4/ip_nonlocal_bind")).toBe("1");
    expect(await readSysctl(a.ns, "net/ipv6/ip_nonlocal_bind")).toBe("1");
    expect(await readSysctl(a.ns, "net/ipv4/ip_forward")).toBe("0"); // untouched unless asked
    await configureHostStack(b.ns, b.ifname, { forwarding: true });
    expect(await readSysctl(b.ns, "net/ipv4/ip_forward")).toBe("1");
    expect(await readSysctl(b.ns, "net/ipv6/conf/all/forwarding")).toBe("1");
    await configureHostStack(b.ns, b.ifname, { forwarding: false });
    expect(await readSysctl(b.ns, "net/ipv6/conf/all/forwarding")).toBe("0");
  });

  it("has no tentative IPv6 addresses (no DAD wait)", async () => {
    const [link] = await ipJson<{ addr_info: Array<{ tentative?: boolean; family: string }> }>(a.ns, [
      "addr", "show", "dev", a.ifname,
    ]);
    expect(link.addr_info.filter((x) => x.tentative)).toEqual([]);
  });

  it("pings both families between the hosts right after setup", async () => {
    await expect(nsExec(b.ns, "ping", ["-c1", "-W1", a.addr4])).resolves.toBeDefined();
    await expect(nsExec(b.ns, "ping", ["-6", "-c1", "-W1", a.addr6])).resolves.toBeDefined();
    await expect(nsExec(a.ns, "ping", ["-6", "-c1", "-W1", b.addr6])).resolves.toBeDefined();
  });

  it("reads addresses canonically (RFC 5952, lowercase), global scope only", async () => {
    await ensureAddresses(a.ns, a.ifname, { ipv6: "FD7A:B0C1:D2E3:0001:0000:0000:0000:00AA/64", ipv4: "10.77.0.99/24" });
    await ensureAddresses(a.ns, a.ifname, { ipv6: "fd7a:b0c1:d2e3:1::aa/64", ipv4: "10.77.0.99/24" }); // same: no-op
    const addrs = await readAddresses(a.ns, a.ifname);
    expect(addrs.ipv4).toEqual([a.ipv4, "10.77.0.99/24"]);
    expect([...addrs.ipv6].sort()).toEqual([a.ipv6, "fd7a:b0c1:d2e3:1::aa/64"].sort());
    expect(addrs.ipv6.some((x) => x.startsWith("fe80:"))).toBe(false);

    await deleteAddress(a.ns, a.ifname, "fd7a:b0c1:d2e3:1::aa/64");
    await deleteAddress(a.ns, a.ifname, "fd7a:b0c1:d2e3:1::aa/64"); // absent: no-op
    await deleteAddress(a.ns, a.ifname, "10.77.0.99/24");
    expect(await readAddresses(a.ns, a.ifname)).toEqual({ ipv4: [a.ipv4], ipv6: [a.ipv6] });
  });

  it("rejects malformed CIDRs and family mix-ups", async () => {
    await expect(ensureAddresses(a.ns, a.ifname, { ipv4: "10.77.0.5" })).rejects.toThrow(/invalid CIDR/);
    await expect(ensureAddresses(a.ns, a.ifname, { ipv4: "fd00::1/64" })).rejects.toThrow(/not an ipv4 CIDR/);
    await expect(ensureAddresses(a.ns, a.ifname, { ipv6: "fd00::1/129" })).rejects.toThrow(/invalid CIDR/);
  });

  it("sets default routes for both families when gateways are given", async () => {
    await ensureAddresses(b.ns, b.ifname, { ipv4: b.ipv4, ipv6: b.ipv6, gateway4: a.addr4, gateway6: a.addr6 });
    await ensureAddresses(b.ns, b.ifname, { gateway4: a.addr4, gateway6: a.addr6 }); // replace: idempotent
    const r4 = await ipJson<{ dst: string; gateway: string }>(b.ns, ["-4", "route", "show", "default"]);
    const r6 = await ipJson<{ dst: string; gateway: string }>(b.ns, ["-6", "route", "show", "default"]);
    expect(r4.map((r) => r.gateway)).toEqual([a.addr4]);
    expect(r6.map((r) => r.gateway)).toEqual([a.addr6]);
    await ip(b.ns, ["-4", "route", "del", "default"]);
    await ip(b.ns, ["-6", "route", "del", "default"]);
  });

  it("refuses to take over names used by other links", async () => {
    await expect(ensureBridge(a.ns, a.ifname)).rejects.toThrow(LinkConflictError); // eth0 is a veth
    await expect(
      connectToBridge({ hostNs: a.ns, hostIf: a.ifname, switchNs: lab.switchNs, bridge: lab.bridge, peerIf: `${prefix}px` }),
    ).rejects.toThrow(/only one end exists/);
    await expect(
      connectToBridge({ hostNs: a.ns, hostIf: "eth1", switchNs: lab.switchNs, bridge: "nobridge", peerIf: `${prefix}px` }),
    ).rejects.toThrow(/ensureBridge first/);
  });

  // An ingress host that lost a VIP still takes a SYN sent to it on a stale
  // neighbour entry (components/lab/providers/host.ts acceptedVips).
  it("accepts a VIP it does not hold: TCP on a stale neighbour entry reaches a transparent listener, ARP and ND stay silent", async () => {
    const vip4 = "10.77.0.4";
    const vip6 = "fd7a:b0c1:d2e3:1::4";
    await setSysctls(a.ns, { "net.ipv4.conf.all.arp_ignore": "1", [`net.ipv4.conf.${a.ifname}.arp_ignore`]: "1" });
    await acceptAddresses(a.ns, [vip4, vip6]);
    await acceptAddresses(a.ns, [vip4, vip6]); // idempotent
    expect(await acceptedAddresses(a.ns, [vip4, vip6, "10.77.0.5"])).toEqual([vip4, vip6]);
    // Nobody announces the VIPs: B's neighbour lookups fail.
    await expect(nsExec(b.ns, "ping", ["-c", "1", "-W", "1", vip4])).rejects.toThrow();
    await expect(nsExec(b.ns, "ping", ["-6", "-c", "1", "-W", "1", vip6])).rejects.toThrow();
    const [{ address: mac }] = await ipJson<{ address: string }>(a.ns, ["link", "show", "dev", a.ifname]);
    for (const [vip, family, level, option] of [[vip4, "AF_INET", "SOL_IP", 19], [vip6, "AF_INET6", "IPPROTO_IPV6", 75]] as const) {
      // What B's cache would say had A held the VIP a moment ago.
      await ip(b.ns, ["neigh", "replace", vip, "lladdr", mac, "dev", b.ifname]);
      // IP_TRANSPARENT / IPV6_TRANSPARENT, as HAProxy's `transparent` bind sets.
      const server = `import socket
s=socket.socket(socket.${family}); s.setsockopt(socket.${level}, ${option}, 1); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("${vip}", 8099)); s.listen(); s.settimeout(10); c, _ = s.accept(); c.sendall(b"served by a"); c.close()`;
      const served = nsExec(a.ns, "python3", ["-c", server], { timeoutMs: 15_000 });
      const client = `import socket, time
for _ in range(50):
    try: print(socket.create_connection(("${vip}", 8099), timeout=2).recv(64).decode()); break
    except ConnectionRefusedError: time.sleep(0.1)`;
      const { stdout } = await nsExec(b.ns, "python3", ["-c", client], { timeoutMs: 15_000 });
      await served;
      expect({ vip, answer: stdout.trim() }).toEqual({ vip, answer: "served by a" });
    }
  });

  it("tears down completely; deleting again is a no-op", async () => {
    for (const ns of [a.ns, b.ns, lab.switchNs]) await deleteNamespace(ns);
    for (const ns of [a.ns, b.ns, lab.switchNs]) await deleteNamespace(ns);
    expect(await listNamespaces(prefix)).toEqual([]);
    const { stdout } = await ip(undefined, ["netns", "list"]);
    expect(stdout).not.toContain(prefix);
  });
});
