// dualstack:local:Host — a network namespace plugged into the lab switch with
// its IPv4 and IPv6 address: the lab's stand-in for a VM.
import * as fs from "node:fs/promises";
import type * as pulumi from "@pulumi/pulumi";
import {
  acceptAddresses,
  acceptedAddresses,
  configureHostStack,
  connectToBridge,
  deleteAddress,
  deleteNamespace,
  ensureAddresses,
  ensureRoutes,
  ensureNamespace,
  namespaceExists,
  presentRoutes,
  readAddresses,
  type StaticRoute,
  validateInterfaceName,
  setSysctls,
  validateNamespaceName,
} from "../linux";
import { diffKeys, GONE } from "../../dynamic";

export interface HostProps {
  namespace: string;
  switchNamespace: string;
  bridge: string;
  /** Interface name inside the host, e.g. "eth0". */
  ifname: string;
  /** The veth end on the switch side (unique per switch, <= 15 chars). */
  peerIf: string;
  /** e.g. "10.77.0.10/24". */
  ipv4Cidr: string;
  /** e.g. "fd12:3456:789a::a/64". */
  ipv6Cidr: string;
  /** Route between interfaces (both families). */
  forwarding: boolean;
  /** Static routes on its link, e.g. each Docker node's container /64 via that node; absent: none. */
  routes?: StaticRoute[];
  /**
   * An ingress host: the VIPs it takes packets for while a peer holds them
   * (linux/routes.ts acceptAddresses), so a VIP's move loses no SYN sent on
   * a stale neighbour entry. ARP then answers only for addresses on the
   * interface (arp_ignore 1), so only the VRRP master announces a VIP.
   */
  acceptedVips?: string[];
  /** Directory for this host's config, pid and log files; removed with the host. */
  stateDir: string;
}

const REPLACE = ["namespace", "switchNamespace", "bridge", "ifname", "peerIf", "stateDir"] as const;
const UPDATE = ["ipv4Cidr", "ipv6Cidr", "forwarding", "routes", "acceptedVips"] as const;

export const provider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news: HostProps) {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const guard = (property: string, fn: () => void) => {
      try {
        fn();
      } catch (err) {
        failures.push({ property, reason: (err as Error).message });
      }
    };
    guard("namespace", () => validateNamespaceName(news.namespace));
    guard("switchNamespace", () => validateNamespaceName(news.switchNamespace));
    guard("ifname", () => validateInterfaceName(news.ifname));
    guard("peerIf", () => validateInterfaceName(news.peerIf));
    return { inputs: news, failures };
  },

  async diff(_id, olds: HostProps, news: HostProps) {
    return diffKeys({ ...olds }, { ...news }, { replace: REPLACE, update: UPDATE });
  },

  async create(inputs: HostProps) {
    await fs.mkdir(inputs.stateDir, { recursive: true, mode: 0o750 });
    await ensureNamespace(inputs.namespace);
    // Sysctl defaults first: a new interface copies them, so its link-local
    // address is never tentative (DAD off) and survives link down.
    await configureHostStack(inputs.namespace, undefined, { forwarding: inputs.forwarding });
    await connectToBridge({
      hostNs: inputs.namespace,
      hostIf: inputs.ifname,
      switchNs: inputs.switchNamespace,
      bridge: inputs.bridge,
      peerIf: inputs.peerIf,
    });
    await configureHostStack(inputs.namespace, inputs.ifname, { forwarding: inputs.forwarding });
    await ensureAddresses(inputs.namespace, inputs.ifname, { ipv4: inputs.ipv4Cidr, ipv6: inputs.ipv6Cidr });
    await ensureRoutes(inputs.namespace, inputs.ifname, inputs.routes ?? []);
    if (inputs.acceptedVips?.length) {
      await setSysctls(inputs.namespace, { "net.ipv4.conf.all.arp_ignore": "1", [`net.ipv4.conf.${inputs.ifname}.arp_ignore`]: "1" });
      await acceptAddresses(inputs.namespace, inputs.acceptedVips);
    }
    return { id: inputs.namespace, outs: { ...inputs } };
  },

  async read(id, props: HostProps) {
    if (!(await namespaceExists(props.namespace))) return GONE;
    // Report the addresses really present: a missing one shows up as drift.
    let actual = { ipv4: [] as string[], ipv6: [] as string[] };
    try {
      actual = await readAddresses(props.namespace, props.ifname);
    } catch {
      // interface gone: both addresses are drift
    }
    const current: HostProps = {
      ...props,
      ipv4Cidr: actual.ipv4.includes(props.ipv4Cidr) ? props.ipv4Cidr : (actual.ipv4[0] ?? ""),
      ipv6Cidr: actual.ipv6.includes(props.ipv6Cidr) ? props.ipv6Cidr : (actual.ipv6[0] ?? ""),
      // Only the routes really there: a missing one shows up as drift.
      ...(props.routes ? { routes: await presentRoutes(props.namespace, props.routes).catch(() => []) } : {}),
      ...(props.acceptedVips ? { acceptedVips: await acceptedAddresses(props.namespace, props.acceptedVips).catch(() => []) } : {}),
    };
    // Inputs too, so a later preview diffs against what is really there.
    return { id, props: current, inputs: current };
  },

  async update(_id, olds: HostProps, news: HostProps) {
    // Routes to nodes that go (a smaller pool) stay until the namespace goes:
    // this host's HAProxy, updated after the host, still sends to those
    // nodes until it reloads, and a route removed first would fail those
    // requests. A stale route to an address nobody holds is harmless.
    await provider.create!(news);
    for (const family of ["ipv4Cidr", "ipv6Cidr"] as const) {
      if (olds[family] && olds[family] !== news[family]) {
        await deleteAddress(news.namespace, news.ifname, olds[family]).catch(() => undefined);
      }
    }
    return { outs: { ...news } };
  },

  async delete(_id, props: HostProps) {
    // Kills what still runs inside (only our own namespace) and removes the veth with it.
    await deleteNamespace(props.namespace);
    if (props.stateDir) await fs.rm(props.stateDir, { recursive: true, force: true });
  },
};
