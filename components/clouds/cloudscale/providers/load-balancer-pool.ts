// cloudscale:LoadBalancerPool — the backends of a load balancer. Name and
// tags update in place; loadBalancer, algorithm and protocol replace.
import { type ApiObject, type Stub, readTags } from "../client";
import { changed, restProvider, type Tagged } from "../provider";
import { ALGORITHMS, POOL_PROTOCOLS } from "../lb-parts";

export interface PoolInputs extends Tagged {
  /** Defaults to the Pulumi resource name. */
  name: string;
  loadBalancer: string;
  algorithm: (typeof ALGORITHMS)[number];
  protocol: (typeof POOL_PROTOCOLS)[number];
}

export interface PoolOutputs extends PoolInputs {
  uuid: string;
}

interface ApiPool extends ApiObject {
  name: string;
  load_balancer: Stub;
  algorithm: PoolInputs["algorithm"];
  protocol: PoolInputs["protocol"];
}

export const provider = restProvider<PoolInputs, ApiPool, PoolOutputs>({
  type: "LoadBalancerPool",
  collection: () => "/load-balancers/pools",
  inputKeys: ["idTag", "name", "loadBalancer", "algorithm", "protocol", "tags"],
  replace: ["loadBalancer", "algorithm", "protocol"],
  update: ["name"],
  validate(c) {
    c.string("name");
    c.string("loadBalancer", { what: "a load balancer uuid" });
    c.oneOf("algorithm", ALGORITHMS);
    c.oneOf("protocol", POOL_PROTOCOLS);
  },
  body: (i) => ({ name: i.name, load_balancer: i.loadBalancer, algorithm: i.algorithm, protocol: i.protocol }),
  patch: (o, n) => changed(o, n, { name: "name" }),
  outputs: (i, a) => ({ ...i, uuid: a.uuid }),
  fromApi: (p, a) => ({ ...p, name: a.name, loadBalancer: a.load_balancer.uuid, algorithm: a.algorithm, protocol: a.protocol, tags: readTags(p.tags, a.tags) }),
  loadBalancer: async (i) => i.loadBalancer,
});
