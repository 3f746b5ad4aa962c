// The renderer's output is checked by the real haproxy 2.6 (`haproxy -dW -c`:
// zero-warning mode, so warnings fail too), plus structural asserts on the text.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HaproxyConfigArgs, renderHaproxyConfig } from "../../../components/ingress/haproxy-config";
import { ConfigFiles, haproxyCheck as checkHaproxy } from "../../support/validators";

const files = new ConfigFiles();
afterAll(() => files.cleanup());

function haproxyCheck(text: string): { status: number | null; output: string } {
  return checkHaproxy(files, text);
}

/** Top-level sections keyed by their header line ("frontend fe_v4"), body lines trimmed. */
function sections(text: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split("\n")) {
    if (/^\S/.test(line) && !line.startsWith("#")) map.set(line, (current = []));
    else if (line.trim() && current) current.push(line.trim());
  }
  return map;
}

/** Args with explicit VIPs (not "any"). */
type VipArgs = HaproxyConfigArgs & { vips: { ipv4: string; ipv6: string } };

function base(): VipArgs {
  return {
    name: "lab",
    vips: { ipv4: "10.99.0.10", ipv6: "fd00:99::10" },
    port: 80,
    servers: [
      { name: "node-a", ipv4: "10.99.0.1", ipv6: "fd00:99::1", port: 8080 },
      { name: "node-b", ipv4: "10.99.0.2", ipv6: "fd00:99::2", port: 8080 },
    ],
  };
}

interface Case {
  title: string;
  args: VipArgs;
  /** Canonical addresses the text must contain. */
  vip6: string;
  server6: string[];
}

const manyServers = Array.from({ length: 40 }, (_, i) => ({
  name: `node-${i}`,
  ipv4: `10.99.1.${i + 1}`,
  ipv6: `2001:DB8:0:0:0:0:1:${(i + 1).toString(16).toUpperCase()}`,
  port: 30080,
}));

const cases: Case[] = [
  { title: "compressed input", args: base(), vip6: "fd00:99::10", server6: ["fd00:99::1", "fd00:99::2"] },
  {
    title: "uppercase and uncompressed IPv6",
    args: {
      ...base(),
      vips: { ipv4: "10.99.0.10", ipv6: "FD00:0099:0000:0000:0000:0000:0000:0010" },
      servers: [
        { name: "node-a", ipv4: "10.99.0.1", ipv6: "FD00:99:0:0:0:0:0:1", port: 80 },
        { name: "node-b", ipv4: "10.99.0.2", ipv6: "2001:db8:0:0:0:0:0:4", port: 80 },
        { name: "node-c", ipv4: "10.99.0.3", ipv6: "fd00::4", port: 80 },
      ],
    },
    vip6: "fd00:99::10",
    server6: ["fd00:99::1", "2001:db8::4", "fd00::4"],
  },
  {
    title: "many servers, custom checks, runtime files and local monitor",
    args: {
      name: "prod.eu-1",
      vips: { ipv4: "192.0.2.10", ipv6: "2001:db8::10" },
      port: 8443,
      servers: manyServers,
      healthCheck: { path: "/livez?verbose=1", intervalMs: 2000, rise: 3, fall: 5 },
      timeouts: { connectMs: 1000, clientMs: 60_000, serverMs: 60_000 },
      pidFile: join(tmpdir(), "dstest-haproxy.pid"),
      statsSocket: join(tmpdir(), "dstest-haproxy.sock"),
      maxConn: 10_000,
      monitorUri: "/lb-healthz",
      localMonitorPort: 8404,
    },
    vip6: "2001:db8::10",
    server6: manyServers.map((_, i) => `2001:db8::1:${(i + 1).toString(16)}`),
  },
];

describe.each(cases)("renderHaproxyConfig: $title", ({ args, vip6, server6 }) => {
  const text = renderHaproxyConfig(args);
  const s = sections(text);

  it("passes haproxy -dW -c", () => {
    const r = haproxyCheck(text);
    expect(r.output).toContain("Configuration file is valid");
    expect(r.status).toBe(0);
  });

  it("binds the IPv4 VIP on fe_v4 and the IPv6 VIP on fe_v6, each to its own family's backend", () => {
    expect(s.get("frontend fe_v4")).toEqual(
      expect.arrayContaining([`bind ipv4@${args.vips.ipv4}:${args.port} transparent`, "default_backend be_nodes_v4"]),
    );
    expect(s.get("frontend fe_v6")).toEqual(
      expect.arrayContaining([`bind ipv6@[${vip6}]:${args.port} transparent`, "default_backend be_nodes_v6"]),
    );
    for (const fe of ["frontend fe_v4", "frontend fe_v6"]) {
      expect(s.get(fe)).toEqual(expect.arrayContaining(["option forwardfor", expect.stringMatching(/^monitor-uri \//)]));
    }
  });

  it("lists every server exactly once per family, with health checks", () => {
    const v4 = (s.get("backend be_nodes_v4") ?? []).filter((l) => l.startsWith("server "));
    const v6 = (s.get("backend be_nodes_v6") ?? []).filter((l) => l.startsWith("server "));
    expect(v4).toEqual(args.servers.map((sv) => `server ${sv.name} ipv4@${sv.ipv4}:${sv.port} check`));
    expect(v6).toEqual(args.servers.map((sv, i) => `server ${sv.name} ipv6@[${server6[i]}]:${sv.port} check`));
    for (const addr of server6) expect(text.split(`[${addr}]`).length - 1).toBe(1);
    for (const be of ["backend be_nodes_v4", "backend be_nodes_v6"]) {
      const path = args.healthCheck?.path ?? "/healthz";
      expect(s.get(be)).toEqual(
        expect.arrayContaining(["balance roundrobin", "option httpchk", `http-check send meth GET uri ${path}`]),
      );
    }
  });

  it("writes IPv6 in RFC 5952 form only", () => {
    const bracketed = [...text.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
    expect(bracketed.length).toBeGreaterThan(0);
    for (const addr of bracketed) expect(addr).toMatch(/^[0-9a-f:]+$/);
  });
});

describe("renderHaproxyConfig rejects bad input, naming the field", () => {
  const bad: [string, (a: VipArgs) => void, RegExp][] = [
    ["IPv4 in the IPv6 VIP slot", (a) => (a.vips.ipv6 = "10.99.0.11"), /^vips\.ipv6: "10\.99\.0\.11" is not an IPv6 address; use/],
    ["IPv6 in the IPv4 VIP slot", (a) => (a.vips.ipv4 = "fd00::1"), /^vips\.ipv4: "fd00::1" is not an IPv4 address/],
    ["VIP with prefix length", (a) => (a.vips.ipv6 = "fd00::10/64"), /^vips\.ipv6: /],
    ["IPv4-mapped IPv6", (a) => (a.servers[0].ipv6 = "::ffff:10.0.0.1"), /^servers\[0\]\.ipv6: .*IPv4-mapped/],
    ["IPv4 with leading zeros", (a) => (a.servers[1].ipv4 = "10.99.0.02"), /^servers\[1\]\.ipv4: .*write it as "10\.99\.0\.2"/],
    ["port 0", (a) => (a.port = 0), /^port: 0 is out of range; use an integer 1\.\.65535/],
    ["port 65536", (a) => (a.servers[0].port = 65536), /^servers\[0\]\.port: 65536/],
    ["no servers", (a) => (a.servers = []), /^servers: \[\] is empty/],
    ["duplicate names", (a) => (a.servers[1].name = "node-a"), /^servers\[1\]\.name: "node-a" duplicates servers\[0\]\.name/],
    ["duplicate IPv6 (after canonicalising)", (a) => (a.servers[1].ipv6 = "FD00:99::1"), /^servers\[1\]\.ipv6: "fd00:99::1" duplicates/],
    ["VIP equals a node", (a) => (a.vips.ipv4 = "10.99.0.1"), /^vips\.ipv4: .*equals servers\[0\]\.ipv4/],
    ["server name with space", (a) => (a.servers[0].name = "node a"), /^servers\[0\]\.name: "node a" is not valid/],
    ["relative health path", (a) => (a.healthCheck = { path: "healthz", intervalMs: 500, rise: 2, fall: 2 }), /^healthCheck\.path:/],
    ["health path with '#'", (a) => (a.healthCheck = { path: "/a#b", intervalMs: 500, rise: 2, fall: 2 }), /^healthCheck\.path:/],
    ["zero interval", (a) => (a.healthCheck = { path: "/healthz", intervalMs: 0, rise: 2, fall: 2 }), /^healthCheck\.intervalMs: 0/],
    ["relative pid file", (a) => (a.pidFile = "run/haproxy.pid"), /^pidFile: "run\/haproxy\.pid" is not valid; use an absolute path/],
  ];
  it.each(bad)("%s", (_title, mutate, message) => {
    const args = base();
    mutate(args);
    expect(() => renderHaproxyConfig(args)).toThrow(message);
  });
});

describe("haproxy -c is a real check (negative controls)", () => {
  const good = renderHaproxyConfig(base());
  /** `good` with one edit; throws if `from` is missing, so a control cannot pass by accident. */
  const edit = (from: string, to: string): string => {
    if (!good.includes(from)) throw new Error(`control text ${JSON.stringify(from)} not in rendered config`);
    return good.replace(from, to);
  };

  it("accepts the unedited config", () => {
    expect(haproxyCheck(good).status).toBe(0);
  });

  it("fails a broken config", () => {
    const r = haproxyCheck(edit("balance roundrobin", "balance no-such-algorithm"));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/ALERT/);
  });

  it("fails an IPv6 address behind the ipv4@ prefix", () => {
    const r = haproxyCheck(edit("ipv6@[fd00:99::1]:8080", "ipv4@fd00:99::1:8080"));
    expect(r.status).not.toBe(0);
  });

  it("fails a bare IPv6 server without port: haproxy splits at the last colon", () => {
    const r = haproxyCheck(edit("ipv6@[fd00:99::1]:8080", "fd00:99::1"));
    expect(r.status).not.toBe(0);
  });

  it("fails on warnings (zero-warning mode)", () => {
    // forwardfor needs HTTP mode: only a warning, which -dW turns into an error.
    const r = haproxyCheck(edit("mode http", "mode tcp"));
    expect(r.output).toMatch(/WARNING/);
    expect(r.status).not.toBe(0);
  });
});

describe('vips "any": wildcard binds, for hosts that receive entry addresses they do not own', () => {
  const text = renderHaproxyConfig({ ...base(), vips: "any" });
  const s = sections(text);

  it("binds 0.0.0.0 on fe_v4 and [::] with v6only on fe_v6 (the two sockets cannot collide), and passes haproxy -c", () => {
    expect(s.get("frontend fe_v4")).toContain("bind ipv4@0.0.0.0:80");
    expect(s.get("frontend fe_v6")).toContain("bind ipv6@[::]:80 v6only");
    const r = haproxyCheck(text);
    expect(r.output).toContain("Configuration file is valid");
    expect(r.status).toBe(0);
  });

  it("still sends each family to its own backend", () => {
    expect(s.get("frontend fe_v4")).toContain("default_backend be_nodes_v4");
    expect(s.get("frontend fe_v6")).toContain("default_backend be_nodes_v6");
  });
});

describe("reload support: the config's name for `show info`, and a bound on old workers", () => {
  const text = renderHaproxyConfig({ ...base(), description: "config-0123abcd", hardStopAfterMs: 30_000 });

  it("puts description and hard-stop-after in global, and passes haproxy -c", () => {
    expect(sections(text).get("global")).toEqual(expect.arrayContaining(["description config-0123abcd", "hard-stop-after 30000ms"]));
    const r = haproxyCheck(text);
    expect(r.status).toBe(0);
  });

  it("leaves both out by default", () => {
    expect(renderHaproxyConfig(base())).not.toMatch(/description|hard-stop-after/);
  });

  it("refuses a description haproxy would split into words", () => {
    expect(() => renderHaproxyConfig({ ...base(), description: "two words" })).toThrow(/description/);
  });
});
