// cloudscale.ch rules: the case table, plus exceptions.
import { CLOUDSCALE } from "../../policies/lib/types";
import { describeResourceCases, describeStackCases } from "./cases";
import { cloudscaleResourceCases, cloudscaleStackCases } from "./cases/cloudscale";
import { runResource, urnOf } from "./harness";

describeResourceCases(cloudscaleResourceCases);
describeStackCases(cloudscaleStackCases);

describe("cloudscale exceptions", () => {
  it("exempts a tagged server", async () => {
    const props = { name: "smtp", useIpv6: false, tags: { "dualstack:ipv4-only-reason": "IPv4-only mail relay" } };
    expect(await runResource("cloudscale-server-ipv6", { type: CLOUDSCALE.server, props })).toEqual([]);
  });

  it("exempts a listener by URN", async () => {
    const config = { exceptions: { urns: [urnOf(CLOUDSCALE.listener, "ssh")] } };
    expect(await runResource("cloudscale-no-public-ssh", { type: CLOUDSCALE.listener, name: "ssh", props: { protocolPort: 22 }, config })).toEqual([]);
  });
});
