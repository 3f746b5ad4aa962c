// The endpoint-pairing rules on the real stacks' resources: the main
// program's cloudscale and Exoscale stacks are previewed on the engine (no
// API is called), and their resources, with the parents the component tree
// gives them, go through the same policy the CrossGuard server runs. The
// whole stack passes; without the IPv6 floating IP or elastic IP, the IPv4
// one is reported, naming the failover component of that ingress.
import * as fs from "node:fs";
import { stringify } from "yaml";
import { EngineStack, expectOk } from "../../../scripts/lib/engine-stack";
import { runStack, type FakeResource, type Props } from "../../policy/harness";

jest.setTimeout(600_000);

interface Step {
  urn: string;
  newState?: { type: string; custom?: boolean; inputs?: Props; parent?: string };
}

const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

/** The preview's resources as the policy sees them: type, name, inputs and parent (by name; names are unique in a cluster). */
async function previewResources(stack: EngineStack, config: Record<string, unknown>, secrets: Record<string, string>): Promise<FakeResource[]> {
  await stack.createStack();
  fs.writeFileSync(stack.configFile, stringify({ config }));
  for (const [k, v] of Object.entries(secrets)) expectOk(await stack.run(["config", "set", "--secret", k, v, "--config-file", stack.configFile]), `config set ${k}`);
  const run = expectOk(await stack.preview(["--json"]), "preview");
  const steps = (JSON.parse(run.stdout) as { steps: Step[] }).steps;
  return steps
    .filter((s) => s.newState && !s.newState.type.startsWith("pulumi:"))
    .map((s) => ({
      type: s.newState!.type,
      name: nameOf(s.urn),
      props: s.newState!.inputs ?? {},
      parent: s.newState!.parent && !s.newState!.parent.includes("pulumi:pulumi:Stack") ? nameOf(s.newState!.parent) : undefined,
    }));
}

interface Case {
  cloud: string;
  rule: string;
  ipv4: string;
  ipv6: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

const CASES: Case[] = [
  {
    cloud: "cloudscale",
    rule: "cloudscale-floating-ip-pairs",
    ipv6: "cluster-fip-ipv6",
    ipv4: "cluster-fip-ipv4",
    config: { "dualstack:provider": "cloudscale", "dualstack:cloudscale": { apiUrl: "http://127.0.0.1:9/v1" } },
    secrets: { "dualstack:cloudscaleToken": "ptest-token", "dualstack:cloudscaleFailoverToken": "ptest-failover-token" },
  },
  {
    cloud: "exoscale",
    rule: "exoscale-eip-pairs",
    ipv6: "cluster-eip-inet6",
    ipv4: "cluster-eip-inet4",
    config: { "dualstack:provider": "exoscale", "dualstack:exoscale": { apiUrl: "http://127.0.0.1:9/v2" } },
    secrets: { "dualstack:exoscaleApiKey": "EXOptest", "dualstack:exoscaleApiSecret": "ptest-secret" },
  },
];

describe.each(CASES)("the $rule rule on the $cloud stack's own resources", (c) => {
  const stack = new EngineStack(`ptest-scope-${c.cloud}`);
  let resources: FakeResource[] = [];

  beforeAll(async () => {
    const common = { "dualstack:network": { ipv4Supernet: "10.63.0.0/16" }, "dualstack:nodes": { count: 2 }, "dualstack:ingress": { count: 2 } };
    resources = await previewResources(stack, { ...common, ...c.config }, c.secrets);
  });
  afterAll(() => stack.remove());

  it("sees both entry addresses inside the cluster's failover component, and passes", async () => {
    for (const name of [c.ipv4, c.ipv6]) expect(resources.find((r) => r.name === name)?.parent).toBe("cluster-failover");
    expect(await runStack(c.rule, resources)).toEqual([]);
  });

  it("reports the IPv4 address, naming its component, once the IPv6 one is gone", async () => {
    const violations = await runStack(c.rule, resources.filter((r) => r.name !== c.ipv6));
    expect(violations).toHaveLength(1);
    expect(violations[0].urn).toMatch(new RegExp(`::${c.ipv4}$`));
    expect(violations[0].message).toContain(`"${c.ipv4}" of component "cluster-failover" is IPv4 with no IPv6 counterpart`);
  });
});
