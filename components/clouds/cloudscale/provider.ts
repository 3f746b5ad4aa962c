// cloudscale's use of the provider kit (components/dynamic/crud.ts):
// configure() from stack config, the missing token reported by every check(),
// the id tag checked on every resource, and the shape most cloudscale
// resources share — POST (create-or-adopt), GET (404 -> gone), PATCH of the
// updatable fields (one attribute per PATCH, see onePerPatch), DELETE — as one builder; each resource file supplies its
// fields and mappings. Load balancer parts also say which load balancer they
// change, so their calls are serialized per load balancer (see lb-queue.ts).
import { clean, crudProvider, type CrudSpec, type Provider } from "../../dynamic";
import { api, apiTags, type ApiObject, seg } from "./client";
import { configure, tokenProblem } from "./config";
import { afterLbChange, withLb } from "./lb-queue";
import { Checker } from "./validate";

export type Json = Record<string, unknown>;

/** Inputs every cloudscale resource has: the stable id tag (set by the resource class) and user tags. */
export interface Tagged {
  /** "<project>/<stack>/<name>": tagged as dualstack-id, used to adopt a create whose response was lost. */
  idTag: string;
  tags?: Record<string, string>;
}

export interface ProviderSpec<I extends Tagged, O extends I>
  extends Omit<CrudSpec<I, O>, "name" | "configure" | "problem" | "deleteBeforeReplace" | "validate"> {
  /** Resource type, for messages: "Server". */
  type: string;
  /** The resource's input checks (the id tag is checked for every resource). */
  validate(c: Checker, inputs: I): void;
}

/** A cloudscale provider: replacing deletes first, inputs without undefined fields. */
export function cloudscaleProvider<I extends Tagged, O extends I>(spec: ProviderSpec<I, O>): Provider {
  const { type, validate, defaults, ...rest } = spec;
  return crudProvider<I, O>({
    ...rest,
    name: `cloudscale ${type}`,
    configure,
    problem: tokenProblem,
    deleteBeforeReplace: true,
    defaults: (news) => clean(defaults ? defaults(news) : news),
    validate(inputs) {
      const c = new Checker(inputs as unknown as Json);
      validate(c, inputs);
      return c.failures;
    },
  });
}

export interface RestSpec<I extends Tagged, A extends ApiObject, O extends I> {
  type: string;
  /** Collection path, e.g. "/networks"; may depend on the inputs (pool members). */
  collection: (inputs: I) => string;
  inputKeys: readonly (keyof I & string)[];
  replace: readonly (keyof I & string)[];
  update: readonly (keyof I & string)[];
  /** Inputs with defaults filled in (so state and diffs are explicit). */
  defaults?: (news: I) => I;
  validate: (c: Checker, inputs: I) => void;
  /** POST body, without tags. */
  body: (inputs: I) => Json;
  /** PATCH body for the changed updatable fields, without tags. */
  patch: (olds: O, news: I) => Json;
  outputs: (inputs: I, a: A) => O;
  /** The inputs as the API shows them (drift); what the API cannot show stays. */
  fromApi: (props: O, a: A) => I;
  /** The resource id; default the uuid. */
  id?: (a: A) => string;
  /** For load balancer parts: the load balancer a change affects. */
  loadBalancer?: (inputs: I | O) => Promise<string>;
}

/** A resource of the REST shape: its tags update in place like its `update` fields. */
export function restProvider<I extends Tagged, A extends ApiObject, O extends I>(spec: RestSpec<I, A, O>): Provider {
  const itemPath = (inputs: I, id: string) => `${spec.collection(inputs)}/${seg(id)}`;
  // Without a load balancer the change runs directly.
  const serialized = async <T>(inputs: I | O, fn: () => Promise<T>): Promise<T> => {
    if (!spec.loadBalancer) return fn();
    const lb = await spec.loadBalancer(inputs);
    return withLb(lb, async () => {
      const result = await fn();
      await afterLbChange(lb);
      return result;
    });
  };

  return cloudscaleProvider<I, O>({
    type: spec.type,
    inputKeys: spec.inputKeys,
    replaceKeys: spec.replace,
    updateKeys: [...spec.update, "tags"],
    defaults: spec.defaults,
    validate(c, inputs) {
      c.tags();
      spec.validate(c, inputs);
    },

    async create(inputs) {
      const made = await serialized(inputs, () =>
        api().create<A>(spec.collection(inputs), clean({ ...spec.body(inputs), tags: apiTags(inputs.tags, inputs.idTag) }), inputs.idTag),
      );
      const id = spec.id ? spec.id(made) : made.uuid;
      return { id, outs: clean(spec.outputs(inputs, made)) };
    },

    async read(id, props) {
      const a = await api().find<A>(itemPath(props, id));
      return a && clean(spec.outputs(clean(spec.fromApi(props, a)), a));
    },

    async update(id, olds, news) {
      // One attribute per PATCH, each one a change of its own (for load balancer parts: serialized, the LB running in between).
      for (const body of onePerPatch(clean({ ...spec.patch(olds, news), tags: tagsPatch(olds, news) }))) {
        await serialized(olds, () => api().patch(itemPath(olds, id), body));
      }
      return clean(spec.outputs(news, await api().get<A>(itemPath(news, id))));
    },

    async delete(id, props) {
      await serialized(props, () => api().delete(itemPath(props, id)));
    },
  });
}

/**
 * A PATCH body split into one body per attribute, in order. cloudscale
 * refuses a PATCH that changes several attributes at once (400 "To keep
 * changes atomic": the SDK's tests against the real API expect it for flavor
 * + name); its Terraform provider sends one attribute per PATCH, tags
 * included, and a health monitor's `http` settings one field at a time, so
 * `http` is split by field too.
 */
export function onePerPatch(body: Json): Json[] {
  return Object.entries(body).flatMap(([key, value]) =>
    key === "http" && value && typeof value === "object" && !Array.isArray(value)
      ? Object.entries(value as Json).map(([field, v]) => ({ http: { [field]: v } }))
      : [{ [key]: value }],
  );
}

/** The tags field of a PATCH: the API's tags when the user's changed, else undefined. */
export function tagsPatch(olds: Tagged, news: Tagged): Record<string, string> | undefined {
  return JSON.stringify(olds.tags ?? {}) !== JSON.stringify(news.tags ?? {}) ? apiTags(news.tags, news.idTag) : undefined;
}

/** `{field: news[key]}` for each changed key: PATCH bodies. */
export function changed<I extends object>(olds: I, news: I, fields: Partial<Record<keyof I, string>>): Json {
  const out: Json = {};
  for (const [key, field] of Object.entries(fields) as [keyof I, string][]) {
    if (JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null)) out[field] = news[key] ?? null;
  }
  return out;
}
