// What every Exoscale provider shares: configure() from stack config, check()
// that reports missing credentials and invalid inputs before anything is
// called, a key-based diff, read() that maps 404 to GONE and reports drift as
// props and inputs, and delete() that tolerates a resource already gone.
import type * as pulumi from "@pulumi/pulumi";
import { GONE, pick } from "../../../dynamic";
import { ApiError } from "../../http";
import type { ExoscaleClient } from "../client";
import { clientFor, currentSettings, settingsFromConfig, settingsProblem, useSettings } from "../config";
import { DEFAULT_ZONE } from "../zones";

export type Failure = pulumi.dynamic.CheckFailure;

export interface ProviderSpec<I extends object, O extends I> {
  /** Resource type, for messages: "Instance". */
  type: string;
  /** Input keys, in the order read() reports them back. */
  inputKeys: readonly (keyof I & string)[];
  /** Input keys whose change replaces the resource; other input keys update in place. */
  replaceKeys: readonly (keyof I & string)[];
  /** Defaults, filled by check() so that diffs are stable. */
  defaults?(news: I): I;
  validate(news: I): Failure[];
  /** The zone whose endpoint serves the resource (default: the stack's zone). */
  zone?(props: I): string | undefined;
  create(c: ExoscaleClient, inputs: I): Promise<{ id: string; outs: O }>;
  /** Current state; undefined when the resource is gone. */
  read(c: ExoscaleClient, id: string, props: O): Promise<O | undefined>;
  update?(c: ExoscaleClient, id: string, olds: O, news: I): Promise<O>;
  delete(c: ExoscaleClient, id: string, props: O): Promise<void>;
  /** Names are unique (security groups, anti-affinity groups): the old one must go first. */
  deleteBeforeReplace?: boolean;
  /** Extra replace reasons a key comparison cannot see. */
  replaces?(olds: O, news: I): string[];
}

/** check() failure naming the property, the value and what is valid. */
export function failure(property: string, value: unknown, valid: string): Failure {
  return { property, reason: `${property}: ${JSON.stringify(value)} is not valid; ${valid}` };
}

export function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  useSettings(settingsFromConfig(req.config));
  return Promise.resolve();
}

/** JSON with object keys sorted: key order is not a change. */
export function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.notFound;
}

export function makeProvider<I extends object, O extends I>(spec: ProviderSpec<I, O>): pulumi.dynamic.ResourceProvider {
  const client = (props: I) => clientFor(spec.zone?.(props) ?? currentSettings()?.zone ?? DEFAULT_ZONE);
  const strip = (news: I): I => {
    // The engine adds __provider; keep only our inputs.
    const { __provider: _p, ...rest } = news as I & { __provider?: string };
    return rest as I;
  };
  return {
    configure,

    async check(_olds: I, news: I) {
      const inputs = spec.defaults ? spec.defaults(strip(news)) : strip(news);
      const problem = settingsProblem();
      const failures = [...(problem ? [{ property: "", reason: `exoscale: ${problem}` }] : []), ...spec.validate(inputs)];
      return { inputs: { ...news, ...inputs }, failures };
    },

    async diff(_id, olds: O, news: I) {
      const changed = spec.inputKeys.filter((k) => !same(olds[k], news[k]));
      const replaces = [...new Set([...changed.filter((k) => spec.replaceKeys.includes(k)), ...(spec.replaces?.(olds, news) ?? [])])];
      const updatable = spec.update !== undefined;
      return {
        changes: changed.length + replaces.length > 0,
        // Without update(), every change replaces.
        replaces: updatable ? replaces : [...new Set([...replaces, ...changed])],
        deleteBeforeReplace: spec.deleteBeforeReplace ?? false,
      };
    },

    async create(inputs: I) {
      return spec.create(client(inputs), strip(inputs));
    },

    async read(id, props: O) {
      let current: O | undefined;
      try {
        current = await spec.read(client(props), id, props);
      } catch (err) {
        if (isNotFound(err)) return GONE;
        throw err;
      }
      if (!current) return GONE;
      return { id, props: current, inputs: pick(current, spec.inputKeys) };
    },

    async update(id, olds: O, news: I) {
      if (!spec.update) throw new Error(`exoscale ${spec.type}: no in-place update`);
      return { outs: await spec.update(client(news), id, olds, strip(news)) };
    },

    async delete(id, props: O) {
      try {
        await spec.delete(client(props), id, props);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
  };
}
