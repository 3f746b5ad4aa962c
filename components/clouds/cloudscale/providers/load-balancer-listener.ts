// cloudscale:LoadBalancerListener — a port on the load balancer's VIPs
// forwarding to a pool. Name, protocolPort, allowedCidrs and tags update in
// place; pool and protocol replace.
import { type ApiObject, type Stub, readTags } from "../client";
import { changed, restProvider, type Tagged } from "../provider";
import { loadBalancerOfPool } from "../lb-parts";

export interface ListenerInputs extends Tagged {
  /** Defaults to the Pulumi resource name. */
  name: string;
  pool: string;
  protocol: "tcp";
  protocolPort: number;
  /** Source networks allowed (IPv4 and IPv6 CIDRs); empty/absent allows all. */
  allowedCidrs?: string[];
}

export interface ListenerOutputs extends ListenerInputs {
  uuid: string;
  loadBalancer: string;
}

interface ApiListener extends ApiObject {
  name: string;
  pool: Stub | null;
  load_balancer: Stub;
  protocol: "tcp";
  protocol_port: number;
  allowed_cidrs: string[];
}

export const provider = restProvider<ListenerInputs, ApiListener, ListenerOutputs>({
  type: "LoadBalancerListener",
  collection: () => "/load-balancers/listeners",
  inputKeys: ["idTag", "name", "pool", "protocol", "protocolPort", "allowedCidrs", "tags"],
  replace: ["pool", "protocol"],
  update: ["name", "protocolPort", "allowedCidrs"],
  validate(c) {
    c.string("name");
    c.string("pool", { what: "a pool uuid" });
    c.oneOf("protocol", ["tcp"]);
    c.integer("protocolPort", { min: 1, max: 65535 });
    c.stringList("allowedCidrs");
  },
  body: (i) => ({ name: i.name, pool: i.pool, protocol: i.protocol, protocol_port: i.protocolPort, allowed_cidrs: i.allowedCidrs }),
  patch: (o, n) => changed(o, n, { name: "name", protocolPort: "protocol_port", allowedCidrs: "allowed_cidrs" }),
  outputs: (i, a) => ({ ...i, uuid: a.uuid, loadBalancer: a.load_balancer.uuid }),
  fromApi: (p, a) => ({
    ...p,
    name: a.name,
    pool: a.pool?.uuid ?? "",
    protocol: a.protocol,
    protocolPort: a.protocol_port,
    allowedCidrs: p.allowedCidrs !== undefined || a.allowed_cidrs.length > 0 ? a.allowed_cidrs : undefined,
    tags: readTags(p.tags, a.tags),
  }),
  loadBalancer: (i) => loadBalancerOfPool(i.pool, (i as Partial<ListenerOutputs>).loadBalancer),
});
