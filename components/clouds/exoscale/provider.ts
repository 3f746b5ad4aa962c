// Exoscale's use of the provider kit (components/dynamic/crud.ts): configure()
// from stack config, missing credentials reported by every check(), a client
// for the resource's zone, inputs without the engine's __provider, key order
// no change in diffs, and a 404 counting as gone.
import { crudProvider, type Failure, type Provider } from "../../dynamic";
import type * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../http";
import type { ExoscaleClient } from "./client";
import { clientFor, currentSettings, settingsFromConfig, settingsProblem, useSettings } from "./config";
import { DEFAULT_ZONE } from "./zones";

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

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.notFound;
}

/** The credentials problem as check() reports it. */
export function problem(): string | undefined {
  const p = settingsProblem();
  return p && `exoscale: ${p}`;
}

/** The inputs alone: the engine adds __provider. */
function strip<I extends object>(news: I): I {
  const { __provider: _p, ...rest } = news as I & { __provider?: string };
  return rest as I;
}

export function exoscaleProvider<I extends object, O extends I>(spec: ProviderSpec<I, O>): Provider {
  const client = (props: I) => clientFor(spec.zone?.(props) ?? currentSettings()?.zone ?? DEFAULT_ZONE);
  const { update } = spec;
  // Without update(), every change replaces.
  const replaceKeys = update ? spec.inputKeys.filter((k) => spec.replaceKeys.includes(k)) : spec.inputKeys;
  return crudProvider<I, O>({
    name: `exoscale ${spec.type}`,
    configure,
    problem,
    inputKeys: spec.inputKeys,
    replaceKeys,
    updateKeys: spec.inputKeys.filter((k) => !replaceKeys.includes(k)),
    replaces: spec.replaces,
    same: (a, b) => canonical(a) === canonical(b),
    deleteBeforeReplace: spec.deleteBeforeReplace ?? false,
    defaults: (news) => ({ ...news, ...(spec.defaults ? spec.defaults(strip(news)) : strip(news)) }),
    validate: (inputs) => spec.validate(strip(inputs)),
    create: (inputs) => spec.create(client(inputs), strip(inputs)),
    read: (id, props) => spec.read(client(props), id, props),
    update: update && ((id, olds, news) => update(client(news), id, olds, strip(news))),
    delete: (id, props) => spec.delete(client(props), id, props),
    gone: isNotFound,
  });
}
