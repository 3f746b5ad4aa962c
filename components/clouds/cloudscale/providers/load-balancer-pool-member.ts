// cloudscale:LoadBalancerPoolMember — one backend address:port of a pool
// (/load-balancers/pools/<pool>/members). Name, enabled and tags update in
// place; pool, protocolPort, address and subnet replace (as in cloudscale's
// terraform provider).
import { type ApiObject, type Stub, readTags } from "../client";
import { changed, restProvider, type Tagged } from "../provider";
import { loadBalancerOfPool } from "../lb-parts";

export interface PoolMemberInputs extends Tagged {
  /** Defaults to the Pulumi resource name. */
  name: string;
  pool: string;
  protocolPort: number;
  address: string;
  /** The subnet (uuid) the address is in. */
  subnet: string;
  enabled: boolean;
}

export interface PoolMemberOutputs extends PoolMemberInputs {
  uuid: string;
  loadBalancer: string;
  monitorStatus: string;
}

interface ApiMember extends ApiObject {
  name: string;
  enabled: boolean;
  pool: Stub;
  load_balancer: Stub;
  protocol_port: number;
  address: string;
  subnet: Stub;
  monitor_status: string;
}

export const provider = restProvider<PoolMemberInputs, ApiMember, PoolMemberOutputs>({
  type: "LoadBalancerPoolMember",
  collection: (i) => `/load-balancers/pools/${encodeURIComponent(i.pool)}/members`,
  inputKeys: ["idTag", "name", "pool", "protocolPort", "address", "subnet", "enabled", "tags"],
  replace: ["pool", "protocolPort", "address", "subnet"],
  update: ["name", "enabled"],
  defaults: (n) => ({ ...n, enabled: n.enabled ?? true }),
  validate(c) {
    c.string("name");
    c.string("pool", { what: "a pool uuid" });
    c.integer("protocolPort", { min: 1, max: 65535 });
    c.string("address", { what: "the member's IP address" });
    c.string("subnet", { what: "the uuid of the subnet the address is in" });
    c.boolean("enabled");
  },
  body: (i) => ({ name: i.name, protocol_port: i.protocolPort, address: i.address, subnet: i.subnet, enabled: i.enabled }),
  patch: (o, n) => changed(o, n, { name: "name", enabled: "enabled" }),
  outputs: (i, a) => ({ ...i, uuid: a.uuid, loadBalancer: a.load_balancer.uuid, monitorStatus: a.monitor_status }),
  fromApi: (p, a) => ({
    ...p,
    name: a.name,
    pool: a.pool.uuid,
    protocolPort: a.protocol_port,
    address: a.address,
    subnet: a.subnet.uuid,
    enabled: a.enabled,
    tags: readTags(p.tags, a.tags),
  }),
  loadBalancer: (i) => loadBalancerOfPool(i.pool, (i as Partial<PoolMemberOutputs>).loadBalancer),
});
