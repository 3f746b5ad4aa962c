// Exoscale rules: the case table, plus exceptions (Exoscale calls tags labels).
import { EXOSCALE } from "../../policies/lib/types";
import { describeResourceCases, describeStackCases } from "./cases";
import { exoscaleResourceCases, exoscaleStackCases } from "./cases/exoscale";
import { runResource, runStack, urnOf } from "./harness";

describeResourceCases(exoscaleResourceCases);
describeStackCases(exoscaleStackCases);

describe("Exoscale exceptions", () => {
  it("exempts a labelled private-only instance", async () => {
    const props = { name: "db", publicIpAssignment: "none", labels: { "dualstack:ipv4-only-reason": "private network only" } };
    expect(await runResource("exoscale-instance-dual-stack", { type: EXOSCALE.instance, props })).toEqual([]);
  });

  it("exempts an elastic IP by URN", async () => {
    const eip = { type: EXOSCALE.elasticIp, name: "legacy", props: { zone: "ch-gva-2", addressFamily: "inet4" } };
    expect(await runStack("exoscale-eip-pairs", [eip])).toHaveLength(1);
    expect(await runStack("exoscale-eip-pairs", [eip], { exceptions: { urns: [urnOf(EXOSCALE.elasticIp, "legacy")] } })).toEqual([]);
  });
});
