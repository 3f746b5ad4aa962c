// cloudscale:LoadBalancer — without vipAddresses it gets a public IPv4 + IPv6
// pair (both in the vipAddresses output). Create waits until it is running;
// name and tags update in place (serialized with its other changes, see
// lb-queue.ts); flavor, zone and vipAddresses force a replacement.
import { clean, pick } from "../../../dynamic";
import { api, apiTags, type ApiObject, readTags, seg, type Stub } from "../client";
import { withLb } from "../lb-queue";
import { cloudscaleProvider, onePerPatch, tagsPatch, type Tagged } from "../provider";
import { ZONES } from "../zones";

export interface LoadBalancerInputs extends Tagged {
  name: string;
  flavor: "lb-standard";
  zone: string;
  /** Private VIPs; omit for a public IPv4 + IPv6 pair. */
  vipAddresses?: { subnet: string; address?: string }[];
}

export interface VipAddress {
  version: number;
  address: string;
  subnet: string;
}

export interface LoadBalancerOutputs extends Omit<LoadBalancerInputs, "vipAddresses"> {
  uuid: string;
  status: string;
  /** The VIPs the load balancer has (public: one IPv4 and one IPv6). */
  vipAddresses: VipAddress[];
  /** The vipAddresses input as given (diffs compare against this). */
  requestedVipAddresses?: LoadBalancerInputs["vipAddresses"];
}

interface ApiLoadBalancer extends ApiObject {
  name: string;
  status: string;
  flavor: { slug: string };
  zone: { slug: string };
  vip_addresses: { version: number; address: string; subnet: Stub }[];
}

const INPUT_KEYS = ["idTag", "name", "flavor", "zone", "vipAddresses", "tags"] as const;
/** The input keys the outputs hold as they are (vipAddresses is requestedVipAddresses there). */
const STATE_KEYS = ["idTag", "name", "flavor", "zone", "tags"] as const;
const path = (uuid: string) => `/load-balancers/${seg(uuid)}`;

export const provider = cloudscaleProvider<LoadBalancerInputs, LoadBalancerOutputs>({
  type: "LoadBalancer",
  inputKeys: INPUT_KEYS,
  replaceKeys: ["flavor", "zone", "vipAddresses"],
  updateKeys: ["name", "tags"],
  // The outputs hold the VIPs the load balancer has; its inputs, the requested ones.
  inputsOf: (o) => clean({ ...pick(o, STATE_KEYS), vipAddresses: o.requestedVipAddresses }),
  defaults: (news) => ({ ...news, flavor: news.flavor ?? "lb-standard" }),
  validate(c, inputs) {
    c.string("name");
    c.oneOf("flavor", ["lb-standard"]);
    c.oneOf("zone", ZONES);
    c.tags();
    if (inputs.vipAddresses !== undefined && (!Array.isArray(inputs.vipAddresses) || inputs.vipAddresses.some((v) => !v?.subnet))) {
      c.fail("vipAddresses", "must be a list of {subnet, address?}; omit it for a public IPv4 + IPv6 pair");
    }
  },

  async create(inputs) {
    const cs = api();
    const body = clean({
      name: inputs.name,
      flavor: inputs.flavor,
      zone: inputs.zone,
      vip_addresses: inputs.vipAddresses?.map((v) => clean({ subnet: v.subnet, address: v.address })),
      tags: apiTags(inputs.tags, inputs.idTag),
    });
    const made = await cs.create<ApiLoadBalancer>("/load-balancers", body, inputs.idTag);
    return { id: made.uuid, outs: outputs(inputs, await waitRunning(made.uuid)) };
  },

  async read(id, props) {
    const lb = await api().find<ApiLoadBalancer>(path(id));
    if (!lb) return undefined;
    const inputs: LoadBalancerInputs = clean({
      idTag: props.idTag,
      name: lb.name,
      flavor: lb.flavor.slug as "lb-standard",
      zone: lb.zone.slug,
      vipAddresses: props.requestedVipAddresses,
      tags: readTags(props.tags, lb.tags),
    });
    return outputs(inputs, lb);
  },

  async update(id, olds, news) {
    // One attribute per PATCH (the API refuses several at once), each a change of its own.
    for (const body of onePerPatch(clean({ name: olds.name !== news.name ? news.name : undefined, tags: tagsPatch(olds, news) }))) {
      await withLb(id, () => api().patch(path(id), body));
    }
    return outputs(news, await waitRunning(id));
  },

  async delete(id) {
    await withLb(id, () => api().delete(path(id)));
    await api().waitGone(path(id), `load balancer ${id}`);
  },
});

function waitRunning(uuid: string): Promise<ApiLoadBalancer> {
  return api().waitFor<ApiLoadBalancer>(path(uuid), `load balancer ${uuid} running`, (o) => o.status === "running", (o) => o.status);
}

function outputs(inputs: LoadBalancerInputs, lb: ApiLoadBalancer): LoadBalancerOutputs {
  const { vipAddresses: requested, ...rest } = pick(inputs, INPUT_KEYS);
  return clean({
    ...rest,
    uuid: lb.uuid,
    status: lb.status,
    vipAddresses: lb.vip_addresses.map((v) => ({ version: v.version, address: v.address, subnet: v.subnet.uuid })),
    requestedVipAddresses: requested,
  });
}
