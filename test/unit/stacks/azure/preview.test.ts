// A first `pulumi preview` of the Azure stack: every id, name and address
// Azure computes is unknown. The program must still register every resource
// with the dual-stack settings it knows from the plan, leave the endpoints
// unknown instead of failing, and make no calls with unknown arguments.
import { azureConfig, isKnown, Run, runAzure, SSH_KEY, TYPES } from "./harness";

// Loading the azure-native modules takes seconds on a busy machine; a run is no test of speed.
jest.setTimeout(60_000);

describe("Azure stack with unknown values (mocks, preview)", () => {
  let run: Run;

  beforeAll(async () => {
    run = await runAzure(azureConfig({ azure: { sshPublicKey: SSH_KEY, zones: [1, 2] } }), { preview: true });
  });

  it("registers the whole topology although every computed value is unknown (mocks)", () => {
    const count = (type: string) => run.of(type).length;
    expect([count(TYPES.rg), count(TYPES.vnet), count(TYPES.nsg), count(TYPES.lb)]).toEqual([1, 1, 1, 1]);
    expect(count(TYPES.subnet)).toBe(4);
    expect(count(TYPES.pip)).toBe(2);
    expect(count(TYPES.nic)).toBe(3);
    expect(count(TYPES.vm)).toBe(3);
    expect(run.calls).toEqual([]);
  });

  it("knows the plan-derived parts: VNet space, subnet prefixes, NIC addresses, user data (mocks)", () => {
    const plan = run.outputs.addressPlan;
    expect(run.one(TYPES.vnet).inputs.addressSpace.addressPrefixes[0]).toBe(plan.ipv4Supernet);
    for (const s of run.of(TYPES.subnet)) expect(s.inputs.addressPrefixes[1]).toMatch(/\/64$/);
    const nic = run.one(TYPES.nic, "cluster-node-1-nic").inputs;
    expect(nic.ipConfigurations.map((c: { privateIPAddress: string }) => c.privateIPAddress)).toEqual([plan.nodes[0].ipv4, plan.nodes[0].ipv6]);
    const vm = run.one(TYPES.vm, "cluster-node-1").inputs;
    expect(Buffer.from(vm.osProfile.customData, "base64").toString("utf8")).toContain("NODE_NAME=node-1");
    // Zones given as YAML numbers are read as Azure's zone strings.
    expect(vm.zones).toEqual(["1"]);
  });

  it("leaves the endpoints unknown rather than failing (mocks)", async () => {
    const endpoints = run.raw.endpoints as Record<string, Parameters<typeof isKnown>[0]>;
    expect(await isKnown(endpoints.ipv4)).toBe(false);
    expect(await isKnown(endpoints.ipv6)).toBe(false);
    expect(run.outputs.provider).toBe("azure");
    expect(run.outputs.endpoints).toBeUndefined();
  });
});
