// cloudscale:Network — a private layer-2 network in one zone. Created without
// the automatic IPv4 subnet (autoCreateIpv4Subnet is always false): subnets
// are explicit Subnet resources. Name, mtu and tags update in place.
import { type ApiObject, type Stub, readTags } from "../client";
import { changed, restProvider, type Tagged } from "../provider";
import { ZONES } from "../zones";

export interface NetworkInputs extends Tagged {
  name: string;
  zone: string;
  mtu?: number;
  autoCreateIpv4Subnet: false;
}

export interface NetworkOutputs extends NetworkInputs {
  uuid: string;
  subnets: string[];
}

interface ApiNetwork extends ApiObject {
  name: string;
  zone: { slug: string };
  mtu: number;
  subnets: Stub[];
}

export const provider = restProvider<NetworkInputs, ApiNetwork, NetworkOutputs>({
  type: "Network",
  collection: () => "/networks",
  inputKeys: ["idTag", "name", "zone", "mtu", "autoCreateIpv4Subnet", "tags"],
  replace: ["zone", "autoCreateIpv4Subnet"],
  update: ["name", "mtu"],
  defaults: (n) => ({ ...n, mtu: n.mtu ?? 9000, autoCreateIpv4Subnet: n.autoCreateIpv4Subnet ?? false }),
  validate(c, i) {
    c.string("name");
    c.oneOf("zone", ZONES);
    c.integer("mtu", { min: 1280, max: 9000 });
    if (i.autoCreateIpv4Subnet !== false) c.fail("autoCreateIpv4Subnet", "must be false: create subnets as Subnet resources");
  },
  body: (i) => ({ name: i.name, zone: i.zone, mtu: i.mtu, auto_create_ipv4_subnet: false }),
  patch: (o, n) => changed(o, n, { name: "name", mtu: "mtu" }),
  outputs: (i, a) => ({ ...i, uuid: a.uuid, subnets: a.subnets.map((s) => s.uuid) }),
  fromApi: (p, a) => ({ ...p, name: a.name, zone: a.zone.slug, mtu: a.mtu, tags: readTags(p.tags, a.tags) }),
});
