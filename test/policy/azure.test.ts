// Azure rules: the case table, plus exceptions.
import { AZURE } from "../../policies/lib/types";
import { describeResourceCases, describeStackCases } from "./cases";
import { azureResourceCases, azureStackCases } from "./cases/azure";
import { type Props, runResource, runStack, urnOf } from "./harness";

describeResourceCases(azureResourceCases);
describeStackCases(azureStackCases);

describe("Azure exceptions", () => {
  it("exempts a tagged subnet", async () => {
    const props = { addressPrefix: "10.0.9.0/24", tags: { "dualstack:ipv4-only-reason": "AzureFirewallManagementSubnet" } };
    expect(await runResource("azure-subnet-has-ipv6", { type: AZURE.subnet, props })).toEqual([]);
  });

  it("an exempt IPv4 public IP needs no counterpart; the other one still does", async () => {
    const pip = (name: string, tags?: Props) => ({ type: AZURE.publicIp, name, props: { publicIPAddressVersion: "IPv4", ...(tags ? { tags } : {}) } });
    const got = await runStack("azure-public-ip-pairs", [pip("nat", { "dualstack:ipv4-only-reason": "outbound SNAT" }), pip("web")]);
    expect(got.map((v) => v.urn)).toEqual([urnOf(AZURE.publicIp, "web")]);
  });

  it("exempts an NSG by URN", async () => {
    const props = { securityRules: [{ name: "ssh", direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "*", destinationPortRange: "22" }] };
    const config = { exceptions: { urns: [urnOf(AZURE.nsg, "bastion-nsg")] } };
    expect(await runResource("azure-no-public-ssh", { type: AZURE.nsg, name: "bastion-nsg", props, config })).toEqual([]);
  });
});
