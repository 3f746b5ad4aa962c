// `npm run plan` shows what the preview deploys, for the AWS and Azure stack
// files (no cloud plugin here: the previews run under Pulumi mocks, in
// preview mode): the plan the script prints and the resources the stack
// program registers carry the same addresses for every node. The lab and
// the Swiss clouds: test/integration/plan/plan-vs-preview.test.ts.
import * as pulumi from "@pulumi/pulumi";
import { addressMismatches, dualstackKeys, exampleConfig, MOCK_STACKS, planOf, removeStackFiles, writeStackFile } from "../../support/plan-vs-preview";
import { installAwsMocks, runAwsStack } from "./aws/mocks";
import { runAzure, SSH_KEY } from "./azure/harness";

// Each run loads a cloud SDK and spawns the plan script: seconds on a busy machine, no test of speed.
afterAll(removeStackFiles);
jest.setTimeout(120_000);

beforeAll(() => {
  jest.spyOn(pulumi.log, "warn").mockResolvedValue();
});

describe("npm run plan against the preview (mocks)", () => {
  it("covers the AWS and Azure stack files", () => {
    expect(MOCK_STACKS).toEqual(["aws-example", "azure-example"]);
  });

  it("aws-example: every node the preview registers has the plan's IPv4 (its IPv6 comes from the VPC's /56, unknown at preview)", async () => {
    const config = exampleConfig("aws-example");
    const plan = await planOf("aws-example", writeStackFile("aws-example", config));
    const mocks = await installAwsMocks({ preview: true });
    pulumi.runtime.setAllConfig({ "aws:region": String(config["aws:region"]) });
    await runAwsStack(mocks, dualstackKeys(config), "aws-example");
    expect(plan.nodes.map((n) => n.zone)).toEqual(["eu-central-2a", "eu-central-2b"]);
    expect(addressMismatches(plan, mocks.resources, { roles: ["node"], ipv6: () => false })).toEqual([]);
    const subnets = mocks.of("aws:ec2/subnet:Subnet").map((s) => s.inputs.cidrBlock).sort();
    expect(subnets).toEqual(plan.networks.map((n) => n.ipv4Cidr).sort());
  });

  it("azure-example (with an SSH key): every node the preview registers has the plan's IPv4 and IPv6", async () => {
    // The example leaves the key to the operator; the plan and the preview refuse to go on without it.
    const config = exampleConfig("azure-example", { "dualstack:azure": { ...(exampleConfig("azure-example")["dualstack:azure"] as object), sshPublicKey: SSH_KEY } });
    const plan = await planOf("azure-example", writeStackFile("azure-example", config));
    const run = await runAzure(dualstackKeys(config), { preview: true, stack: "azure-example" });
    expect(addressMismatches(plan, run.resources, { roles: ["node"], ipv6: () => true })).toEqual([]);
  });
});
