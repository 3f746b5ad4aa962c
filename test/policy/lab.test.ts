// The local lab's hosts: the case table, plus exceptions (hosts have no tags: URN only).
import { LAB } from "../../policies/lib/types";
import { describeResourceCases } from "./cases";
import { labResourceCases } from "./cases/lab";
import { runResource, urnOf } from "./harness";

describeResourceCases(labResourceCases);

describe("lab exceptions", () => {
  it("exempts a host by URN", async () => {
    const config = { exceptions: { urns: [urnOf(LAB.host, "client")] } };
    expect(await runResource("lab-host-dual-stack", { type: LAB.host, name: "client", props: { ipv4Cidr: "10.77.0.9/24" }, config })).toEqual([]);
  });
});
