// The shape most cloudscale resources share — POST (create-or-adopt), GET
// (404 -> gone), PATCH of the updatable fields, DELETE — as one provider
// builder; each resource file supplies its fields and mappings. Load balancer
// parts also say which load balancer they change, so their calls are
// serialized per load balancer (see lb-queue.ts).
import { diffKeys, GONE } from "../../dynamic";
import { api, apiTags, seg } from "./client";
import { ApiObject, clean, configure, pick, Provider, Tagged } from "./common";
import { afterLbChange, withLb } from "./lb-queue";
import { Checker } from "./validate";

export type Json = Record<string, unknown>;

export interface CrudSpec<I extends Tagged, A extends ApiObject, O extends I> {
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

export function crudProvider<I extends Tagged, A extends ApiObject, O extends I>(spec: CrudSpec<I, A, O>): Provider {
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

  const provider: Provider = {
    configure,

    async check(_olds, news: I) {
      const inputs = clean(spec.defaults ? spec.defaults(news) : news);
      const c = new Checker(inputs as unknown as Json);
      c.tags();
      spec.validate(c, inputs);
      return c.result(inputs);
    },

    async diff(_id, olds: O, news: I) {
      return diffKeys({ ...olds } as Json, { ...news } as Json, { replace: spec.replace, update: [...spec.update, "tags"] });
    },

    async create(inputs: I) {
      const made = await serialized(inputs, () =>
        api().create<A>(spec.collection(inputs), clean({ ...spec.body(inputs), tags: apiTags(inputs.tags, inputs.idTag) }), inputs.idTag),
      );
      const id = spec.id ? spec.id(made) : made.uuid;
      return { id, outs: clean(spec.outputs(inputs, made)) };
    },

    async read(id, props: O) {
      const a = await api().find<A>(itemPath(props, id));
      if (!a) return GONE;
      const current = clean(spec.outputs(clean(spec.fromApi(props, a)), a));
      return { id, props: current, inputs: pick(current, spec.inputKeys) };
    },

    async update(id, olds: O, news: I) {
      const body = clean({
        ...spec.patch(olds, news),
        tags: JSON.stringify(olds.tags ?? {}) !== JSON.stringify(news.tags ?? {}) ? apiTags(news.tags, news.idTag) : undefined,
      });
      if (Object.keys(body).length > 0) await serialized(olds, () => api().patch(itemPath(olds, id), body));
      return { outs: clean(spec.outputs(news, await api().get<A>(itemPath(news, id)))) };
    },

    async delete(id, props: O) {
      await serialized(props, () => api().delete(itemPath(props, id)));
    },
  };
  return provider;
}

/** `{field: news[key]}` for each changed key: PATCH bodies. */
export function changed<I extends object>(olds: I, news: I, fields: Partial<Record<keyof I, string>>): Json {
  const out: Json = {};
  for (const [key, field] of Object.entries(fields) as [keyof I, string][]) {
    if (JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null)) out[field] = news[key] ?? null;
  }
  return out;
}
