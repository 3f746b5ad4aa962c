// Bad `dualstack:azure` input, and plans the VNet cannot hold, fail the
// preview (under Pulumi mocks) with one ConfigError naming the full key, the
// value and what would be valid, before any resource is registered. Also: the
// checked-in example stack parses, plans and runs, and index.ts dispatches to
// this stack.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseStackConfig, planForStack, rawConfigFromStackFile } from "../../../../stacks/config";
import { defaultZonesFor } from "../../../../stacks/zones";
import { azureConfig, configErrorOf, runAzure, SSH_KEY, TYPES } from "./harness";

// Loading the azure-native modules takes seconds on a busy machine; a run is no test of speed.
jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, "../../../..");

async function problemsOf(raw: Record<string, unknown>, stack?: string) {
  const err = await configErrorOf(runAzure(raw, { stack }));
  return { err, problems: err.problems, keys: err.problems.map((p) => p.key) };
}

describe("Azure stack config errors (mocks)", () => {
  it("names dualstack:azure.sshPublicKey when the VMs have no key (mocks)", async () => {
    const { err, problems } = await problemsOf(azureConfig({ azure: { location: "westeurope" } }));
    expect(problems).toEqual([expect.objectContaining({ key: "dualstack:azure.sshPublicKey", value: undefined })]);
    expect(err.message).toMatch(/dualstack:azure\.sshPublicKey: \(not set\) is required for the VMs .*SSH key or a password/);
    expect(err.message).toContain("pulumi config set --path dualstack:azure.sshPublicKey");
  });

  it("names the key when no dualstack:azure section exists at all (mocks)", async () => {
    const { keys } = await problemsOf(azureConfig({ azure: undefined }));
    expect(keys).toEqual(["dualstack:azure.sshPublicKey"]);
  });

  it("refuses a location in display form, naming dualstack:azure.location and the expected form (mocks)", async () => {
    const { err, problems } = await problemsOf(azureConfig({ azure: { sshPublicKey: SSH_KEY, location: "Switzerland North" } }));
    expect(problems).toEqual([expect.objectContaining({ key: "dualstack:azure.location", value: "Switzerland North" })]);
    expect(err.message).toMatch(/dualstack:azure\.location: "Switzerland North" is not an Azure region name; .*"switzerlandnorth"/);
  });

  it("reports every section problem at once: zone, admin name, VM size, key format, unknown key (mocks)", async () => {
    const { keys, err } = await problemsOf(
      azureConfig({ azure: { sshPublicKey: "not a key", zones: ["1", "4"], adminUsername: "admin", vmSize: "B2s", region: "westeurope" } }),
    );
    expect(keys.sort()).toEqual(["dualstack:azure", "dualstack:azure.adminUsername", "dualstack:azure.sshPublicKey", "dualstack:azure.vmSize", "dualstack:azure.zones[1]"]);
    expect(err.message).toMatch(/dualstack:azure\.zones\[1\]: "4" .*1, 2, 3/);
    expect(err.message).toMatch(/dualstack:azure\.adminUsername: "admin" is reserved by Azure/);
    expect(err.message).toMatch(/unknown key\(s\) region/);
    expect(err.message).toMatch(/dualstack:azure\.vmSize: "B2s" is not an Azure VM size/);
  });

  it("reports a missing key next to other problems of the section (mocks)", async () => {
    const { keys } = await problemsOf(azureConfig({ azure: { location: "Switzerland North" } }));
    expect(keys).toEqual(["dualstack:azure.location", "dualstack:azure.sshPublicKey"]);
  });

  it("refuses a zone listed twice (mocks)", async () => {
    const { keys } = await problemsOf(azureConfig({ azure: { sshPublicKey: SSH_KEY, zones: ["2", "2"] } }));
    expect(keys).toEqual(["dualstack:azure.zones"]);
  });

  it("names dualstack:network.ipv4Supernet when the supernet cannot hold the plan's networks (mocks)", async () => {
    const { err, keys } = await problemsOf(azureConfig({ network: { ipv4Supernet: "10.85.0.0/23" } }));
    expect(keys).toEqual(["dualstack:network.ipv4Supernet"]);
    expect(err.message).toMatch(/holds 2 \/24 network\(s\) but the plan needs 4 \(2 zone\(s\) x 2 tier\(s\)\)/);
  });

  it("names dualstack:network.ipv6Prefix when its networks quarter cannot hold the plan's /64s (mocks)", async () => {
    const { err, keys } = await problemsOf(azureConfig({ network: { ipv4Supernet: "10.85.0.0/16", ipv6Prefix: "2a0a:e5c0:85::/62" } }));
    expect(keys).toEqual(["dualstack:network.ipv6Prefix"]);
    expect(err.message).toMatch(/holds 1 \/64 network\(s\)/);
  });

  it("names dualstack:network.zones when the plan needs more subnets than a VNet holds (3000) (mocks)", async () => {
    const zones = Array.from({ length: 1501 }, (_, i) => `z${i}`);
    const { err, keys } = await problemsOf(azureConfig({ network: { ipv4Supernet: "172.16.0.0/12", ipv4SubnetPrefixLength: 28, zones }, nodes: { count: 1 } }));
    expect(keys).toEqual(["dualstack:network.zones"]);
    expect(err.message).toMatch(/make 3002 networks .* at most 3000 subnets/);
  });

  it("names the zone of dualstack:network.zones that is no zone name (it would make a subnet name Azure refuses) (mocks)", async () => {
    const { keys, err } = await problemsOf(azureConfig({ network: { ipv4Supernet: "10.86.0.0/16", zones: ["north", "zone b"] } }));
    expect(keys).toEqual(["dualstack:network.zones[1]"]);
    expect(err.message).toMatch(/dualstack:network\.zones\[1\]: "zone b" is not a zone name; expected lowercase letters, digits and "-"/);
  });

  it("names dualstack:azure.resourceGroupName when the default from a long stack name is too long (mocks)", async () => {
    const { keys } = await problemsOf(azureConfig(), "s".repeat(90));
    expect(keys).toEqual(["dualstack:azure.resourceGroupName"]);
  });

  it("registers no resource when the config is bad (mocks)", async () => {
    let registered = -1;
    await pulumi.runtime.setMocks({ newResource: () => ((registered += 1), { id: "x", state: {} }), call: () => ({}) }, "dualstack", "azure-bad", false);
    const { azureStack } = await import("../../../../stacks/azure");
    const { parseStackConfig } = await import("../../../../stacks/config");
    await expect(azureStack({ project: "dualstack", stack: "azure-bad", config: parseStackConfig("azure-bad", azureConfig({ azure: {} })) })).rejects.toThrow(/sshPublicKey/);
    expect(registered).toBe(-1);
  });
});

describe("Azure example stack and dispatch (mocks)", () => {
  it("Pulumi.azure-example.yaml parses, plans and runs, with a key added (mocks)", async () => {
    const raw = rawConfigFromStackFile(REPO, "azure-example");
    expect(raw.provider).toBe("azure");
    const withKey = { ...raw, azure: { ...(raw.azure as Record<string, unknown>), sshPublicKey: SSH_KEY } };
    const run = await runAzure(withKey, { stack: "azure-example" });
    expect(run.of(TYPES.vm).length).toBe(run.outputs.addressPlan.nodes.length);
    expect(Object.keys(run.outputs.endpoints).sort()).toEqual(["ipv4", "ipv6"]);
    // The plan the stack deploys is the one `npm run plan -s azure-example` shows offline.
    const offline = planForStack("azure-example", parseStackConfig("azure-example", raw), { zones: defaultZonesFor("azure") });
    expect(run.outputs.addressPlan).toEqual(offline);
    expect(run.of(TYPES.vm).map((vm) => vm.inputs.zones[0]).sort()).toEqual(["1", "2", "3"]);
  });

  it("index.ts dispatches provider azure and turns a bad value into one clean RunError (mocks)", async () => {
    await pulumi.runtime.setMocks({ newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: () => ({}) }, "dualstack", "azure-dispatch", true);
    pulumi.runtime.setAllConfig({
      "dualstack:provider": "azure",
      "dualstack:network": JSON.stringify({ ipv4Supernet: "10.87.0.0/16" }),
      "dualstack:nodes": JSON.stringify({ count: 2 }),
      "dualstack:azure": JSON.stringify({ location: "westeurope" }),
    });
    const { runSelectedStack } = await import("../../../../stacks");
    const failure = runSelectedStack();
    await expect(failure).rejects.toBeInstanceOf(pulumi.RunError);
    await expect(failure).rejects.toThrow(/invalid configuration for stack "azure-dispatch":\n {2}dualstack:azure\.sshPublicKey: \(not set\) is required/);
  });
});
