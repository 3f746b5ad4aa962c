// `npm run plan` refuses what the stack's preview refuses (it runs the same
// stacks/<provider>/plan.ts), less what needs secrets, root or the cloud.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { ConfigError, parseStackConfig } from "../../../stacks/config";
import { offlinePlan } from "../../../stacks/plans";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";
import { thrownBy } from "../../support/errors";
import { removeStackFiles, writeStackFile } from "../../support/plan-vs-preview";

afterAll(removeStackFiles);
jest.setTimeout(60_000);

const base = (provider: string, extra: Record<string, unknown> = {}) => ({ provider, network: { ipv4Supernet: "10.66.0.0/16" }, nodes: { count: 2 }, ...extra });
const keysOf = (stack: string, raw: Record<string, unknown>) => thrownBy(() => offlinePlan(stack, parseStackConfig(stack, raw)), ConfigError).problems.map((p) => p.key);

describe("offlinePlan (npm run plan)", () => {
  it("plans cloudscale and Exoscale on their one shared private network in the section's zone, without asking for tokens", () => {
    expect(offlinePlan("cs", parseStackConfig("cs", base("cloudscale", { cloudscale: { zone: "rma1" } }))).plan.networks.map((n) => n.name)).toEqual(["private-rma1"]);
    expect(offlinePlan("exo", parseStackConfig("exo", base("exoscale", { exoscale: { zone: "de-fra-1" } }))).plan.networks.map((n) => n.name)).toEqual(["private-de-fra-1"]);
  });

  it.each([
    ["cloudscale: a zone it does not have", base("cloudscale", { cloudscale: { zone: "zrh1" } }), ["dualstack:cloudscale.zone"]],
    ["cloudscale: an unknown section key", base("cloudscale", { cloudscale: { flavour: "flex-4-2" } }), ["dualstack:cloudscale"]],
    ["cloudscale: split tiers", base("cloudscale", { network: { ipv4Supernet: "10.66.0.0/16", tiers: { ingress: "edge", nodes: "nodes" } } }), ["dualstack:network.tiers"]],
    ["Exoscale: zones other than the section's", base("exoscale", { network: { ipv4Supernet: "10.66.0.0/16", zones: ["ch-gva-2", "de-fra-1"] } }), ["dualstack:network.zones"]],
    ["AWS: network.zones set", base("aws", { network: { ipv4Supernet: "10.66.0.0/16", zones: ["a"] } }), ["dualstack:network.zones"]],
    ["Azure: VMs without an SSH key", base("azure"), ["dualstack:azure.sshPublicKey"]],
    ["local: an unknown section key", base("local", { local: { appport: 8080 } }), ["dualstack:local"]],
  ])("refuses %s, naming the key as the preview does", (_what, raw, keys) => {
    expect(keysOf("s", raw)).toEqual(keys);
  });

  it("exits 1 with the preview's message (the script, as run by npm run plan)", async () => {
    const file = writeStackFile("cs-bad", { "dualstack:provider": "cloudscale", "dualstack:network": { ipv4Supernet: "10.66.0.0/16" }, "dualstack:nodes": { count: 2 }, "dualstack:cloudscale": { zone: "zrh1" } });
    const run = promisify(execFile)("npx", ["ts-node", "--transpile-only", "scripts/plan.ts", "-s", "cs-bad", "--config-file", file], { cwd: REPO_ROOT });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('dualstack:cloudscale.zone: "zrh1" is not valid; expected one of: lpg1, rma1') });
  });
});
