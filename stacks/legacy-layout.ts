// Stacks created before the cluster component had their cloud resources at
// the stack root and the lab under a LocalLab component, named without the
// cluster's prefix. This transform gives each resource of the cluster an
// alias to where that layout put it, so an existing stack keeps every
// resource through the move: no replace, no delete (test/integration/layout).
import * as pulumi from "@pulumi/pulumi";
import { FORMER_TYPES } from "../components/renamed";

/** Where a resource stood before: its type, name and the types of its ancestors (outermost first). */
export interface LegacyPlace {
  type: string;
  name: string;
  parents: string[];
}

/** Maps a resource of the cluster (its name without the cluster's prefix; its parent's type) to its old place, if it had one. */
export type LegacyMap = (r: { type: string; name: string; custom: boolean; parent: string | undefined }) => LegacyPlace | undefined;

/** Cloud stacks: every custom resource stood at the root under its unprefixed name; the components are new. */
export const ROOT_LAYOUT: LegacyMap = ({ type, name, custom }) => (custom ? { type, name, parents: [] } : undefined);

/**
 * Managed Kubernetes stacks: what the cluster's components hold directly
 * (resources, and the managed components such as EksIpv6Cluster, under their
 * former tokens) stood at the root; their own children move with them (the
 * engine derives their aliases from their parent's).
 */
export const MANAGED_LAYOUT: LegacyMap = ({ type, name, parent }) =>
  parent?.startsWith("dualstack:cluster:") && !type.startsWith("dualstack:cluster:") ? { type: FORMER_TYPES[type] ?? type, name, parents: [] } : undefined;

export function legacyUrn(place: LegacyPlace): string {
  return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${[...place.parents, place.type].join("$")}::${place.name}`;
}

/**
 * A transformation for the cluster named `cluster`: aliases every resource of
 * it that `map` places in the old layout. A transformation, not a transform:
 * it runs in this process, so it also works where the engine runs no
 * callbacks (Pulumi's mocks, which the AWS and Azure stacks' tests use).
 */
export function adoptLegacyLayout(cluster: string, map: LegacyMap): pulumi.ResourceTransformation {
  const prefix = `${cluster}-`;
  return ({ type, name, resource, props, opts }) => {
    const custom = resource instanceof pulumi.CustomResource;
    const parent = opts.parent ? pulumi.resourceType(opts.parent) : undefined;
    const place = map({ type, name: name.startsWith(prefix) ? name.slice(prefix.length) : name, custom, parent });
    if (!place) return undefined;
    return { props, opts: { ...opts, aliases: [...(opts.aliases ?? []), legacyUrn(place)] } };
  };
}

const LOCAL_LAB = "dualstack:lab:LocalLab";
const LAB_HOST_COMPONENT = { node: "dualstack:lab:Node", ingress: "dualstack:lab:IngressHost" } as const;

/** The lab host a name belongs to ("node-2-app" -> node), if any. */
function labHostKind(name: string): keyof typeof LAB_HOST_COMPONENT | undefined {
  const m = /^(node|ingress)-\d+(-(app|haproxy|keepalived))?$/.exec(name);
  return m ? (m[1] as keyof typeof LAB_HOST_COMPONENT) : undefined;
}

/**
 * The lab stood under LocalLab "lab": its switch and client directly, each
 * node's and ingress host's namespace and processes under a Node or
 * IngressHost component of the host's name.
 */
export const LAB_LAYOUT: LegacyMap = ({ type, name, custom }) => {
  const kind = labHostKind(name);
  if (type === "dualstack:cluster:DualStackCluster") return { type: LOCAL_LAB, name: "lab", parents: [] };
  if (type === "dualstack:cluster:DualStackHost" && kind) return { type: LAB_HOST_COMPONENT[kind], name, parents: [LOCAL_LAB] };
  if (!custom) return undefined;
  return { type, name, parents: kind ? [LOCAL_LAB, LAB_HOST_COMPONENT[kind]] : [LOCAL_LAB] };
};
