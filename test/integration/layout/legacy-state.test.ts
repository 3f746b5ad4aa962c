// Stacks created by the layout before the cluster component (state recorded
// by test/fixtures/legacy-layout/record.ts) are adopted by today's code: a
// preview shows no replace and no delete, and every cloud and lab resource
// of the old state is kept (aliased into the component tree), not created anew.
import * as fs from "node:fs";
import * as path from "node:path";
import { EngineStack, expectOk } from "../../../scripts/lib/engine-stack";

jest.setTimeout(600_000);

const FIXTURES = path.resolve(__dirname, "../../fixtures/legacy-layout");
const PASSPHRASE = { PULUMI_CONFIG_PASSPHRASE: "dualstack-legacy-layout" };

interface Step {
  op: string;
  urn: string;
  newState?: { custom?: boolean; type: string };
  oldState?: { custom?: boolean; type: string };
}

/** Custom resources of a checkpoint, by URN (the stack, providers and components left out). */
function customUrns(state: string): string[] {
  const resources: { urn: string; custom?: boolean; type: string }[] = JSON.parse(state).deployment.resources;
  return resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => r.urn);
}

/**
 * What today's code changes on purpose, beyond the layout: lab nodes ran the
 * demo app as a process and now run it in a Docker Engine, so each node's app
 * Process goes and its DockerEngine and Container come.
 */
const INTENDED: Record<string, { deleted: RegExp; created: RegExp }> = {
  "legacy-lab": { deleted: /dynamic\/local:Process::.*node-\d+-app$/, created: /dynamic\/local:(DockerEngine|Container)::.*node-\d+-(docker|app)$/ },
};

describe.each(["legacy-cloudscale", "legacy-exoscale", "legacy-lab"])("a %s stack of the old layout", (name) => {
  const intended = INTENDED[name] ?? { deleted: /$^/, created: /$^/ };
  const stack = new EngineStack(name, undefined, PASSPHRASE);
  const state = fs.readFileSync(path.join(FIXTURES, `${name}.state.json`), "utf8");
  let steps: Step[] = [];

  beforeAll(async () => {
    await stack.createStack();
    fs.copyFileSync(path.join(FIXTURES, `${name}.config.yaml`), stack.configFile);
    expectOk(await stack.run(["stack", "import", "--file", path.join(FIXTURES, `${name}.state.json`)]), "stack import");
    const run = expectOk(await stack.preview(["--json", "--show-sames"]), "preview");
    steps = (JSON.parse(run.stdout) as { steps: Step[] }).steps;
  });

  afterAll(async () => {
    // Nothing was created: the state only goes, no cloud or lab was touched.
    await stack.run(["stack", "rm", "--yes", "--force"]);
    fs.rmSync(path.dirname(stack.configFile), { recursive: true, force: true });
  });

  it("previews without a replace or a delete (but for the intended change)", () => {
    const bad = steps.filter((s) => /replace|delete|discard/.test(s.op) && !(s.op === "delete" && intended.deleted.test(s.urn)));
    expect(bad.map((s) => `${s.op} ${s.urn}`)).toEqual([]);
    if (INTENDED[name]) expect(steps.filter((s) => s.op === "delete" && intended.deleted.test(s.urn)).length).toBeGreaterThan(0);
  });

  it("keeps every resource of the old state, now under the cluster component", () => {
    const old = customUrns(state).filter((urn) => !intended.deleted.test(urn));
    expect(old.length).toBeGreaterThan(5);
    const created = steps.filter((s) => s.op === "create" && s.newState?.custom && !intended.created.test(s.urn)).map((s) => s.urn);
    expect(created).toEqual([]);
    // Each old resource is kept (same, or updated in place) on a new URN inside the cluster.
    const kept = steps.filter((s) => ["same", "update"].includes(s.op) && s.newState?.custom && s.urn.includes("dualstack:cluster:DualStackCluster$"));
    expect(kept.length).toBe(old.length);
  });
});
