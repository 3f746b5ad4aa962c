// cloudscale:FloatingIp — a floating IPv4 /32, IPv6 /128 or IPv6 /56, routed
// to a server or a load balancer. Its id is the address (the API's
// /floating-ips/<address>). Moving it (server, loadBalancer) is an update —
// one PATCH, the same call keepalived's notify script makes on failover;
// reversePtr and tags update too. ipVersion, type, region and prefixLength
// force a replacement (a new address).
import { type Stub, readTags } from "../client";
import { changed, restProvider, type Tagged } from "../provider";
import { REGIONS } from "../zones";

export interface FloatingIpInputs extends Tagged {
  ipVersion: 4 | 6;
  /** Server uuid the address is routed to. */
  server?: string;
  /** Load balancer uuid the address is routed to (instead of a server). */
  loadBalancer?: string;
  type: "regional" | "global";
  region?: string;
  /** Only 56 (an IPv6 /56 network); omit for a single address. */
  prefixLength?: number;
  reversePtr?: string;
}

export interface FloatingIpOutputs extends FloatingIpInputs {
  /** e.g. "2001:db8::cafe/128". */
  network: string;
  /** The address alone, e.g. "2001:db8::cafe": the resource id. */
  address: string;
  nextHop: string;
}

interface ApiFloatingIp {
  uuid: string; // absent in the API; floating IPs are named by address
  tags?: Record<string, string>;
  network: string;
  ip_version: 4 | 6;
  type: "regional" | "global";
  region: { slug: string } | null;
  server: Stub | null;
  load_balancer: Stub | null;
  next_hop: string | null;
  reverse_ptr: string | null;
}

const address = (a: ApiFloatingIp) => a.network.split("/")[0];

export const provider = restProvider<FloatingIpInputs, ApiFloatingIp, FloatingIpOutputs>({
  type: "FloatingIp",
  collection: () => "/floating-ips",
  inputKeys: ["idTag", "ipVersion", "server", "loadBalancer", "type", "region", "prefixLength", "reversePtr", "tags"],
  replace: ["ipVersion", "type", "region", "prefixLength"],
  update: ["server", "loadBalancer", "reversePtr"],
  defaults: (n) => ({ ...n, type: n.type ?? "regional" }),
  validate(c, i) {
    c.oneOf("ipVersion", [4, 6]);
    c.oneOf("type", ["regional", "global"]);
    c.oneOf("region", REGIONS, true);
    if (i.type === "global" && i.region !== undefined) c.fail("region", "must be omitted for a global floating IP");
    if (i.prefixLength !== undefined) {
      if (i.ipVersion !== 6) c.fail("prefixLength", "is only for ipVersion 6 (an IPv6 /56 network); omit it for IPv4");
      else if (i.prefixLength !== 56) c.fail("prefixLength", `${JSON.stringify(i.prefixLength)} is not valid; only 56 (or omit it for a single /128)`);
    }
    c.string("server", { optional: true, what: "a server uuid" });
    c.string("loadBalancer", { optional: true, what: "a load balancer uuid" });
    if (i.server !== undefined && i.loadBalancer !== undefined) c.fail("loadBalancer", "set either server or loadBalancer, not both");
    c.string("reversePtr", { optional: true });
  },
  body: (i) => ({
    ip_version: i.ipVersion,
    server: i.server,
    load_balancer: i.loadBalancer,
    type: i.type,
    region: i.region,
    prefix_length: i.prefixLength,
    reverse_ptr: i.reversePtr,
  }),
  patch: (o, n) => {
    const body = changed(o, n, { server: "server", loadBalancer: "load_balancer", reversePtr: "reverse_ptr" });
    // The API takes one target: moving to a server is {"server": uuid}.
    if (body.server === null && n.loadBalancer !== undefined) delete body.server;
    if (body.load_balancer === null && n.server !== undefined) delete body.load_balancer;
    return body;
  },
  id: address,
  outputs: (i, a) => ({ ...i, network: a.network, address: address(a), nextHop: a.next_hop ?? "" }),
  fromApi: (p, a) => ({
    ...p,
    ipVersion: a.ip_version,
    type: a.type,
    server: a.server?.uuid,
    loadBalancer: a.load_balancer?.uuid,
    reversePtr: p.reversePtr !== undefined ? (a.reverse_ptr ?? undefined) : undefined,
    tags: readTags(p.tags, a.tags),
  }),
});
