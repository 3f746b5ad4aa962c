// cloudscale:Server — a server (VM). Created with its public IPv4 + IPv6 by
// default (use_public_network, use_ipv6) or with explicit interfaces.
//
// Updates in place: name and tags (a PATCH each: the API changes one
// attribute per request), and flavor: cloudscale changes the
// flavor only of a stopped server, so an update stops it, PATCHes the flavor
// and starts it again (a short outage, but the server keeps its disk,
// addresses and floating IPs; the same as the terraform provider does).
// Everything else is only set at creation and forces a replacement: image,
// zone, volumeSizeGb, sshKeys, userData, interfaces (the API could PATCH
// them, but a changed address plan is a new server for us), serverGroups,
// useIpv6, usePublicNetwork.
//
// Deleting (also the first half of a replacement: cloudscale replaces
// delete-first, the planned private address is the server's) hands the
// floating IPs routed to it over to a running peer first (handover.ts).
import { clean, pick, sameSet } from "../../../dynamic";
import { api, apiTags, type ApiObject, readTags, seg, type Stub } from "../client";
import { cloudscaleProvider, onePerPatch, tagsPatch, type Tagged } from "../provider";
import { handOverFloatingIps } from "./handover";
import { SERVER_FLAVOR, SERVER_FLAVOR_WHAT, SLUG } from "../validate";
import { ZONE_WHAT, ZONES } from "../zones";

export interface ServerInterfaceArgs {
  /** "public" or a private network's uuid. */
  network?: string;
  /** Fixed addresses on a private subnet. */
  addresses?: { subnet: string; address?: string }[];
}

export interface ServerInputs extends Tagged {
  name: string;
  flavor: string;
  image: string;
  zone: string;
  volumeSizeGb?: number;
  sshKeys?: string[];
  userData?: string;
  useIpv6: boolean;
  usePublicNetwork: boolean;
  interfaces?: ServerInterfaceArgs[];
  serverGroups?: string[];
}

export interface ServerOutputs extends ServerInputs {
  uuid: string;
  status: string;
  publicIpv4: string;
  publicIpv6: string;
  privateIpv4: string;
}

interface ApiAddress {
  version: 4 | 6;
  address: string;
  prefix_length?: number;
  subnet?: Stub | null;
}
interface ApiInterface {
  type: "public" | "private";
  network?: Stub | null;
  addresses: ApiAddress[];
}
export interface ApiServer extends ApiObject {
  name: string;
  status: string;
  zone: { slug: string };
  flavor: { slug: string };
  image: { slug: string };
  volumes: { size_gb: number; type?: string }[];
  interfaces: ApiInterface[];
  server_groups: Stub[];
}

const INPUT_KEYS = [
  "idTag", "name", "flavor", "image", "zone", "volumeSizeGb", "sshKeys", "userData",
  "useIpv6", "usePublicNetwork", "interfaces", "serverGroups", "tags",
] as const;
const REPLACE = ["image", "zone", "volumeSizeGb", "sshKeys", "userData", "interfaces", "serverGroups", "useIpv6", "usePublicNetwork"] as const;
const UPDATE = ["name", "tags", "flavor"] as const;

const path = (uuid: string) => `/servers/${seg(uuid)}`;

export const provider = cloudscaleProvider<ServerInputs, ServerOutputs>({
  type: "Server",
  inputKeys: INPUT_KEYS,
  replaceKeys: REPLACE,
  updateKeys: UPDATE,
  defaults: (news) => ({
    ...news,
    volumeSizeGb: news.volumeSizeGb ?? 10,
    useIpv6: news.useIpv6 ?? true,
    usePublicNetwork: news.usePublicNetwork ?? true,
  }),
  validate(c, inputs) {
    c.string("name");
    c.string("flavor", { pattern: SERVER_FLAVOR, what: SERVER_FLAVOR_WHAT });
    c.string("image", { pattern: SLUG, what: "an image slug like debian-12" });
    c.oneOf("zone", ZONES);
    if (inputs.zone === undefined) c.fail("zone", `is required: ${ZONE_WHAT}`);
    c.integer("volumeSizeGb", { min: 10 });
    c.stringList("sshKeys");
    c.string("userData", { optional: true, what: "cloud-config text" });
    c.boolean("useIpv6");
    c.boolean("usePublicNetwork");
    c.stringList("serverGroups");
    c.tags();
    if (inputs.interfaces !== undefined && !Array.isArray(inputs.interfaces)) {
      c.fail("interfaces", 'must be a list like [{network: "public"}, {addresses: [{subnet, address}]}]');
    }
    (Array.isArray(inputs.interfaces) ? inputs.interfaces : []).forEach((i, n) => {
      if (!i || (i.network === undefined && i.addresses === undefined)) {
        c.fail(`interfaces[${n}]`, 'needs network ("public" or a network uuid) or addresses ([{subnet, address}])');
      }
    });
  },

  async create(inputs) {
    const cs = api();
    const body = clean({
      name: inputs.name,
      flavor: inputs.flavor,
      image: inputs.image,
      zone: inputs.zone,
      volume_size_gb: inputs.volumeSizeGb,
      ssh_keys: inputs.sshKeys ?? [],
      user_data: inputs.userData,
      use_ipv6: inputs.useIpv6,
      ...(inputs.interfaces
        ? { interfaces: inputs.interfaces.map((i) => clean({ network: i.network, addresses: i.addresses })) }
        : { use_public_network: inputs.usePublicNetwork, use_private_network: false }),
      server_groups: inputs.serverGroups,
      tags: apiTags(inputs.tags, inputs.idTag),
    });
    const made = await cs.create<ApiServer>("/servers", body, inputs.idTag);
    const running = await waitRunning(made.uuid);
    return { id: made.uuid, outs: outputs(inputs, running) };
  },

  async read(id, props) {
    const server = await api().find<ApiServer>(path(id));
    return server && outputs(fromApi(props, server), server);
  },

  async update(id, olds, news) {
    const cs = api();
    if (olds.flavor !== news.flavor) {
      const before = await cs.get<ApiServer>(path(id));
      if (before.status !== "stopped") {
        await cs.action(`${path(id)}/stop`);
        await cs.waitFor<ApiServer>(path(id), `server ${id} stopped`, (s) => s.status === "stopped", (s) => s.status);
      }
      await cs.patch(path(id), { flavor: news.flavor });
      await cs.waitFor<ApiServer>(path(id), `server ${id} rescaled`, (s) => s.status === "stopped", (s) => s.status);
      await cs.action(`${path(id)}/start`);
    }
    // One attribute per PATCH (the API refuses several at once).
    for (const patch of onePerPatch(clean({ name: olds.name !== news.name ? news.name : undefined, tags: tagsPatch(olds, news) }))) {
      await cs.patch(path(id), patch);
    }
    return outputs(news, await waitRunning(id));
  },

  async delete(id) {
    const cs = api();
    await handOverFloatingIps(id);
    await cs.delete(path(id));
    await cs.waitGone(path(id), `server ${id}`);
  },
});

function waitRunning(uuid: string): Promise<ApiServer> {
  return api().waitFor<ApiServer>(path(uuid), `server ${uuid} running`, (s) => s.status === "running", (s) => s.status);
}

/** The inputs as the API shows them; what it does not return (userData, sshKeys, interfaces) stays as it was. */
function fromApi(props: ServerInputs, s: ApiServer): ServerInputs {
  const groups = s.server_groups.map((g) => g.uuid);
  const publicIf = s.interfaces.find((i) => i.type === "public");
  return clean({
    ...pick(props, INPUT_KEYS),
    name: s.name,
    flavor: s.flavor.slug,
    image: s.image.slug,
    zone: s.zone.slug,
    volumeSizeGb: s.volumes[0]?.size_gb ?? props.volumeSizeGb,
    // Keep the program's order when the set is the same.
    serverGroups: sameSet(groups, props.serverGroups) ? props.serverGroups : groups,
    usePublicNetwork: props.interfaces ? props.usePublicNetwork : publicIf !== undefined,
    useIpv6: publicIf ? publicIf.addresses.some((a) => a.version === 6) : props.useIpv6,
    tags: readTags(props.tags, s.tags),
  });
}

function outputs(inputs: ServerInputs, s: ApiServer): ServerOutputs {
  const address = (type: string, version: 4 | 6) =>
    s.interfaces.filter((i) => i.type === type).flatMap((i) => i.addresses).find((a) => a.version === version)?.address ?? "";
  return clean({
    ...pick(inputs, INPUT_KEYS),
    uuid: s.uuid,
    status: s.status,
    publicIpv4: address("public", 4),
    publicIpv6: address("public", 6),
    privateIpv4: address("private", 4),
  });
}
