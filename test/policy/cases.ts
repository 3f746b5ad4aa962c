// Table-driven policy cases: each cloud's file lists, per rule, resources that
// pass and resources that violate (with the messages expected). The coverage
// test checks that every rule of the pack has at least one of each.
import { type FakeResource, type Props, runResource, runStack, urnOf } from "./harness";

export interface ResourceCase {
  rule: string;
  title: string;
  type: string;
  props: Props;
  name?: string;
  config?: object;
  /** Absent: compliant. Otherwise one pattern per expected violation message. */
  violations?: RegExp[];
  /** A preview case: the decisive input is unknown (computed), and must not violate. */
  unknown?: true;
}

export interface StackCase {
  rule: string;
  title: string;
  resources: FakeResource[];
  config?: object;
  /** Absent: compliant. Otherwise the violations, by the name of the resource reported on. */
  violations?: { on: string; message: RegExp }[];
  /** A preview case: the decisive input is unknown (computed), and must not violate. */
  unknown?: true;
}

const label = (c: ResourceCase | StackCase) => `${c.violations ? "violates" : c.unknown ? "passes in preview" : "passes"}: ${c.title}`;

export function describeResourceCases(cases: readonly ResourceCase[]): void {
  describe.each([...new Set(cases.map((c) => c.rule))])("%s", (rule) => {
    const mine = cases.filter((c) => c.rule === rule);
    it.each(mine.map((c) => [label(c), c] as const))("%s", async (_t, c) => {
      const got = await runResource(c.rule, c);
      expect(got.map((v) => v.message)).toHaveLength(c.violations?.length ?? 0);
      (c.violations ?? []).forEach((re, i) => expect(got[i].message).toMatch(re));
    });
  });
}

export function describeStackCases(cases: readonly StackCase[]): void {
  describe.each([...new Set(cases.map((c) => c.rule))])("%s (stack)", (rule) => {
    const mine = cases.filter((c) => c.rule === rule);
    it.each(mine.map((c) => [label(c), c] as const))("%s", async (_t, c) => {
      const got = await runStack(c.rule, c.resources, c.config);
      const want = c.violations ?? [];
      expect(got).toHaveLength(want.length);
      for (const w of want) {
        const target = c.resources.find((r) => r.name === w.on);
        if (!target) throw new Error(`case names unknown resource ${w.on}`);
        const hit = got.find((v) => v.urn === urnOf(target.type, target.name));
        expect(hit?.message).toMatch(w.message);
      }
    });
  });
}
