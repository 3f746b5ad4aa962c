// exoscale:InstancePoolElasticIps — the elastic IPs of an Instance Pool
// (`elastic-ips` on PUT /instance-pool/<id>, an async operation): every member,
// including ones a later scale-up creates, gets them. With a managed inet4 and
// inet6 EIP on an SKS nodepool's pool, every node serves both and the
// healthchecks take failing nodes out: the dual-stack ingress for managed SKS.
//
// The resource owns the pool's whole list (its id is the pool's id): create and
// update set it, read reports what is attached (drift shows), delete clears it.
// SKS owns the pool itself (manager type "sks-nodepool"). Whether SKS resets
// the pool's elastic IPs when it updates the nodepool (rename, scale, groups)
// is unverified; a refresh shows it, and the next update puts them back.
import type { ExoscaleClient } from "../client";
import { exoscaleProvider } from "../provider";
import { checkIdList, checkZone, failure, UUID_RE } from "../validate";

export interface InstancePoolElasticIpsInputs {
  /** Default: the stack's zone (where the SKS cluster is). */
  zone?: string;
  /** Instance Pool id, e.g. an SksNodepool's instancePoolId. */
  instancePool: string;
  /** Elastic IP ids: an inet4 and an inet6 one for dual-stack (inet6 needs a "dual" pool). */
  elasticIps: string[];
}

interface ApiInstancePool {
  id: string;
  "elastic-ips"?: { id: string }[];
}

/** Sets the pool's list. A PUT is retried by the client (it is idempotent). */
async function setElasticIps(c: ExoscaleClient, pool: string, ids: string[]): Promise<void> {
  // Always the full list: an instance-pool update without `elastic-ips` clears
  // them (per Exoscale's Terraform provider, which resends them for that reason).
  await c.mutate("PUT", `/instance-pool/${pool}`, { "elastic-ips": ids.map((id) => ({ id })) });
}

export const provider = exoscaleProvider<InstancePoolElasticIpsInputs, InstancePoolElasticIpsInputs>({
  type: "InstancePoolElasticIps",
  inputKeys: ["zone", "instancePool", "elasticIps"],
  replaceKeys: ["zone", "instancePool"],
  validate: (p) => [
    ...(p.zone === undefined ? [] : checkZone(p.zone)),
    ...(typeof p.instancePool === "string" && UUID_RE.test(p.instancePool)
      ? []
      : [failure("instancePool", p.instancePool, "expected an Instance Pool id (a UUID), e.g. an SksNodepool's instancePoolId")]),
    ...checkIdList("elasticIps", p.elasticIps, "elastic IP", 1),
  ],
  zone: (p) => p.zone,

  async create(c, p) {
    await setElasticIps(c, p.instancePool, p.elasticIps);
    return { id: p.instancePool, outs: { ...p } };
  },

  async read(c, id, props) {
    const pool = await c.find<ApiInstancePool>(`/instance-pool/${id}`);
    if (!pool) return undefined;
    const ids = (pool["elastic-ips"] ?? []).map((e) => e.id);
    const sameSet = JSON.stringify([...ids].sort()) === JSON.stringify([...props.elasticIps].sort());
    return { ...props, instancePool: id, elasticIps: sameSet ? props.elasticIps : ids };
  },

  async update(c, id, _olds, news) {
    await setElasticIps(c, id, news.elasticIps);
    return { ...news };
  },

  // A pool that is gone (404) is fine: the kit's delete() tolerates it.
  async delete(c, id) {
    await setElasticIps(c, id, []);
  },
});
