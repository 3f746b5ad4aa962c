// Every rule has a compliant and a violating case; and no rule violates or
// throws on values it cannot know yet (preview unknowns), odd shapes, or
// resources of types it does not handle.
import type { ResourceCase, StackCase } from "./cases";
import { awsResourceCases, awsStackCases } from "./cases/aws";
import { azureResourceCases, azureStackCases } from "./cases/azure";
import { cloudscaleResourceCases, cloudscaleStackCases } from "./cases/cloudscale";
import { exoscaleResourceCases, exoscaleStackCases } from "./cases/exoscale";
import { kubernetesResourceCases } from "./cases/kubernetes";
import { labResourceCases } from "./cases/lab";
import { allUnknown, type Json, policyNames, type Props, runResource, runStack } from "./harness";

const resourceCases: ResourceCase[] = [...awsResourceCases, ...azureResourceCases, ...kubernetesResourceCases, ...cloudscaleResourceCases, ...exoscaleResourceCases, ...labResourceCases];
const stackCases: StackCase[] = [...awsStackCases, ...azureStackCases, ...cloudscaleStackCases, ...exoscaleStackCases];

// Flags every resource of its type by design (the NLB has no IPv6 at all).
const ALWAYS_VIOLATES = new Set(["exoscale-nlb-ipv4-only"]);

describe("case coverage", () => {
  it.each(policyNames.resource)("resource rule %s has a passing and a violating case", (rule) => {
    const mine = resourceCases.filter((c) => c.rule === rule);
    expect(mine.some((c) => !c.violations)).toBe(true);
    expect(mine.some((c) => c.violations)).toBe(true);
  });

  it.each(policyNames.stack)("stack rule %s has a passing and a violating case", (rule) => {
    const mine = stackCases.filter((c) => c.rule === rule);
    expect(mine.some((c) => !c.violations)).toBe(true);
    expect(mine.some((c) => c.violations)).toBe(true);
  });

  it("no case names a rule the pack does not have", () => {
    const known = new Set([...policyNames.resource, ...policyNames.stack]);
    expect([...resourceCases, ...stackCases].map((c) => c.rule).filter((r) => !known.has(r))).toEqual([]);
  });
});

describe("unknown values during preview", () => {
  it.each(policyNames.resource.filter((r) => !ALWAYS_VIOLATES.has(r)))("resource rule %s has a passing preview case", (rule) => {
    expect(resourceCases.some((c) => c.rule === rule && c.unknown && !c.violations)).toBe(true);
  });

  it.each(policyNames.stack)("stack rule %s has a passing preview case", (rule) => {
    expect(stackCases.some((c) => c.rule === rule && c.unknown && !c.violations)).toBe(true);
  });

  // Making known inputs unknown can only take violations away, never add
  // (what stays is due to inputs that are absent, i.e. provider defaults).
  const judged = resourceCases.filter((c) => !ALWAYS_VIOLATES.has(c.rule));
  it.each(judged.map((c) => [`${c.rule}: ${c.title}`, c] as const))("%s: no new violations when every input is unknown", async (_t, c) => {
    const got = await runResource(c.rule, { ...c, props: allUnknown(c.props) as Props });
    expect(got.length).toBeLessThanOrEqual(c.violations?.length ?? 0);
  });

  it.each(stackCases.map((c) => [`${c.rule}: ${c.title}`, c] as const))("%s: no new violations when every input is unknown", async (_t, c) => {
    const resources = c.resources.map((r) => ({ ...r, props: allUnknown(r.props) as Props }));
    const got = await runStack(c.rule, resources, c.config);
    expect(got.length).toBeLessThanOrEqual(c.violations?.length ?? 0);
  });
});

describe("robustness", () => {
  const odd: Json[] = [{}, { spec: null, tags: "x" }, { ingress: [null, 1, "x"], securityRules: {}, routes: "0.0.0.0/0" }, { vipAddresses: [{}], networking: [], kubernetesNetworkConfig: 5 }];
  const types = [...new Set(resourceCases.map((c) => c.type))];

  it.each(policyNames.resource)("%s never throws on odd or missing props", async (rule) => {
    for (const type of types) for (const props of odd) await expect(runResource(rule, { type, props: props as Props })).resolves.toBeDefined();
  });

  it.each(policyNames.resource)("%s ignores resources of other types", async (rule) => {
    for (const c of resourceCases.filter((x) => x.rule !== rule)) {
      const got = await runResource(rule, c);
      const handles = resourceCases.some((x) => x.rule === rule && x.type === c.type);
      if (!handles) expect(got).toEqual([]);
    }
  });

  it.each(policyNames.stack)("%s never throws on a stack of every case's resources", async (rule) => {
    const seen = new Set<string>();
    const resources = stackCases.flatMap((c) => c.resources).filter((r) => !seen.has(r.name) && seen.add(r.name));
    const withoutDangling = resources.map((r) => ({ ...r, deps: Object.fromEntries(Object.entries(r.deps ?? {}).filter(([, ns]) => ns.every((n) => seen.has(n)))) }));
    await expect(runStack(rule, withoutDangling)).resolves.toBeDefined();
  });
});
