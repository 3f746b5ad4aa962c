// The one provider kit of the cloud dynamic providers (cloudscale, Exoscale):
// a pulumi.dynamic.ResourceProvider built from create/read/update/delete plus
// a check and a diff spec. What it does the same for every resource:
// - check(): defaults filled in, then one list of CheckFailure {property,
//   reason}: the cloud's problem (missing credentials, on property "") first,
//   then the resource's own input checks;
// - diff(): replaceKeys replace, updateKeys update in place, plus replace
//   reasons a key comparison cannot see;
// - read(): undefined or a "gone" error is GONE; otherwise the current state
//   as props and its input part as inputs (drift shows in the next diff);
// - delete(): a "gone" error counts as deleted.
// Each cloud wraps it once (its configure(), credentials problem, client) in
// components/clouds/<cloud>/provider.ts.
import type * as pulumi from "@pulumi/pulumi";
import type { Failure } from "./check";
import { GONE } from "./diff";
import { pick } from "./props";

export type Provider = pulumi.dynamic.ResourceProvider;

export interface CrudSpec<I extends object, O extends I> {
  /** For messages: "exoscale Instance". */
  name: string;
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  /** Why no call can succeed (e.g. missing credentials): reported by every check() on property "". */
  problem?(): string | undefined;

  /** Input keys, in the order read() reports them back. */
  inputKeys: readonly (keyof I & string)[];
  /** Keys whose change replaces the resource. */
  replaceKeys: readonly string[];
  /** Keys whose change updates in place. */
  updateKeys: readonly string[];
  /** Extra replace reasons a key comparison cannot see (a shrinking disk, an expired certificate). */
  replaces?(olds: O, news: I): string[];
  /** Whether two values of a key are the same (default: same JSON text). */
  same?(a: unknown, b: unknown): boolean;
  /** The old one must go first when replacing (unique names). */
  deleteBeforeReplace: boolean;
  /** The input part of a state (for diff() and read()); default: its inputKeys. */
  inputsOf?(props: O): I;

  /** The inputs check() returns (defaults filled in, so that state and diffs are explicit). */
  defaults?(news: I): I;
  /** The resource's input checks, on the inputs defaults() returned. */
  validate(inputs: I): Failure[];

  create(inputs: I): Promise<{ id: string; outs: O }>;
  /** Current state; undefined when the resource is gone. */
  read(id: string, props: O): Promise<O | undefined>;
  /** Absent: nothing updates in place (diff() then never asks for it). */
  update?(id: string, olds: O, news: I): Promise<O>;
  delete(id: string, props: O): Promise<void>;
  /** An error that means the object is gone already (a 404). */
  gone?(err: unknown): boolean;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function crudProvider<I extends object, O extends I>(spec: CrudSpec<I, O>): Provider {
  const same = spec.same ?? sameJson;
  const inputsOf = (props: O): I => (spec.inputsOf ? spec.inputsOf(props) : (pick(props, spec.inputKeys) as I));
  const gone = (err: unknown) => spec.gone?.(err) ?? false;
  return {
    configure: (req) => spec.configure(req),

    async check(_olds, news: I) {
      const inputs = spec.defaults ? spec.defaults(news) : news;
      const problem = spec.problem?.();
      const failures: Failure[] = [...(problem ? [{ property: "", reason: problem }] : []), ...spec.validate(inputs)];
      return { inputs, failures };
    },

    async diff(_id, olds: O, news: I) {
      const before = inputsOf(olds) as Record<string, unknown>;
      const after = news as Record<string, unknown>;
      const changed = (k: string) => !same(before[k], after[k]);
      const replaces = [...new Set([...spec.replaceKeys.filter(changed), ...(spec.replaces?.(olds, news) ?? [])])];
      const updates = spec.updateKeys.filter(changed);
      return {
        changes: replaces.length + updates.length > 0,
        replaces,
        deleteBeforeReplace: spec.deleteBeforeReplace && replaces.length > 0,
      };
    },

    async create(inputs: I) {
      return spec.create(inputs);
    },

    async read(id, props: O) {
      let current: O | undefined;
      try {
        current = await spec.read(id, props);
      } catch (err) {
        if (gone(err)) return GONE;
        throw err;
      }
      if (!current) return GONE;
      return { id, props: current, inputs: inputsOf(current) };
    },

    async update(id, olds: O, news: I) {
      if (!spec.update) throw new Error(`${spec.name}: no in-place update`);
      return { outs: await spec.update(id, olds, news) };
    },

    async delete(id, props: O) {
      try {
        await spec.delete(id, props);
      } catch (err) {
        if (!gone(err)) throw err;
      }
    },
  };
}
