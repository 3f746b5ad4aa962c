// cloudscale:ServerGroup — an anti-affinity group: its servers run on
// different hosts (pair it with the floating IP failover). Name and tags
// update in place; type and zone force a replacement.
import { type ApiObject, type Stub, readTags } from "../client";
import { changed, restProvider, type Tagged } from "../provider";
import { ZONES } from "../zones";

export interface ServerGroupInputs extends Tagged {
  name: string;
  type: "anti-affinity";
  zone: string;
}

export interface ServerGroupOutputs extends ServerGroupInputs {
  uuid: string;
}

interface ApiServerGroup extends ApiObject {
  name: string;
  type: string;
  zone: { slug: string };
  servers: Stub[];
}

export const provider = restProvider<ServerGroupInputs, ApiServerGroup, ServerGroupOutputs>({
  type: "ServerGroup",
  collection: () => "/server-groups",
  inputKeys: ["idTag", "name", "type", "zone", "tags"],
  replace: ["type", "zone"],
  update: ["name"],
  defaults: (n) => ({ ...n, type: n.type ?? "anti-affinity" }),
  validate(c) {
    c.string("name");
    c.oneOf("type", ["anti-affinity"]);
    c.oneOf("zone", ZONES);
  },
  body: (i) => ({ name: i.name, type: i.type, zone: i.zone }),
  patch: (o, n) => changed(o, n, { name: "name" }),
  outputs: (i, a) => ({ ...i, uuid: a.uuid }),
  fromApi: (p, a) => ({ ...p, name: a.name, type: a.type as "anti-affinity", zone: a.zone.slug, tags: readTags(p.tags, a.tags) }),
});
