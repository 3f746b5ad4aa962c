// The address plan on Azure, and the Azure limits the generic planner does not
// know: subnet names, subnets per VNet, and (AKS) nodes per subnet.
//
// Zones. An Azure subnet spans every zone of its region, so the plan's zones
// (`dualstack:network.zones`, default ["1", "2"]) only name and split
// networks; where a VM runs is `dualstack:azure.zones`. The plan does not
// follow azure.zones on purpose: `npm run plan` plans offline with the same
// defaults and must show the addresses the stack deploys. Give both the same
// list and node i's network is named after its VM's zone.
//
// IPv6. With no `dualstack:network.ipv6Prefix` the plan's IPv6 is the ULA /48
// derived from the stack name (RFC 4193). Azure takes private IPv6 space in a
// VNet (ULA included): it is the VNet's own addressing; Internet traffic uses
// the Standard LB's public IPv6 address, never the VNet's.
import type { AddressPlan } from "../../components/addressing";
import { aksNetwork, cidr } from "../../components/clouds/azure/adapter/space";
export { vnetAddressSpace, type VnetSpace } from "../../components/clouds/azure/adapter/space";
import { ConfigError, planForStack, type ConfigProblem, type StackConfig } from "../config";
import { defaultZonesFor } from "../zones";
import { azureSettings, type AzureSettings } from "./settings";

export const AZURE_LIMITS = {
  /** Microsoft Learn, azure-subscription-service-limits: subnets per virtual network. */
  subnetsPerVnet: 3000,
  /** Azure keeps the first four and the last address of every IPv4 subnet. */
  reservedPerSubnetV4: 5,
  /** AKS adds one node per pool while it upgrades (max surge default 1). */
  aksUpgradeSurge: 1,
} as const;

/** Subnet names: 1..80 of letters, digits, _ . - ; start with a letter or digit, end with a letter, digit or _. */
const SUBNET_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;

/** The section and the plan, checked: what the stack deploys (the stack program and `npm run plan` both take it from here). */
export function azureStackPlan(stack: string, config: StackConfig): { settings: AzureSettings; plan: AddressPlan } {
  const settings = azureSettings(stack, config);
  return { settings, plan: azurePlan(stack, config, settings) };
}

export function azurePlan(stack: string, config: StackConfig, settings: AzureSettings): AddressPlan {
  const plan = planForStack(stack, config, { zones: defaultZonesFor("azure") });
  const problems = [...subnetNameProblems(plan, config), ...subnetCountProblems(plan, config)];
  if (settings.mode === "aks") problems.push(...aksSubnetProblems(plan, config.nodes.count));
  if (problems.length) throw new ConfigError(stack, problems);
  return plan;
}

function subnetNameProblems(plan: AddressPlan, config: StackConfig): ConfigProblem[] {
  const bad = plan.networks.filter((n) => !SUBNET_NAME.test(n.name));
  if (!bad.length) return [];
  // Network names are "<tier>-<zone>": blame the part that breaks the rule.
  const badZones = [...new Set(bad.map((n) => n.zone))].filter((z) => !SUBNET_NAME.test(`x-${z}`));
  const key = badZones.length ? "dualstack:network.zones" : "dualstack:network.tiers";
  return [
    {
      key,
      value: badZones.length ? (config.network.zones ?? badZones) : config.network.tiers,
      message:
        `make subnet names Azure refuses (${bad.map((n) => JSON.stringify(n.name)).join(", ")}); ` +
        "subnet names are 1..80 letters, digits, _ . - , starting with a letter or digit",
    },
  ];
}

function subnetCountProblems(plan: AddressPlan, config: StackConfig): ConfigProblem[] {
  const count = plan.networks.length;
  if (count <= AZURE_LIMITS.subnetsPerVnet) return [];
  const zones = [...new Set(plan.networks.map((n) => n.zone))].length;
  return [
    {
      key: "dualstack:network.zones",
      value: config.network.zones ?? `(${zones} zones)`,
      message:
        `make ${count} networks (zones x tiers) but an Azure VNet holds at most ${AZURE_LIMITS.subnetsPerVnet} subnets; ` +
        "use fewer zones, or one tier name for both tiers (dualstack:network.tiers)",
    },
  ];
}

/** AKS puts every node into one subnet (the first zone's nodes network), plus one during upgrades. */
function aksSubnetProblems(plan: AddressPlan, nodeCount: number): ConfigProblem[] {
  const network = aksNetwork(plan);
  const length = cidr(network.ipv4Cidr, 4, network.name).length;
  const room = 2 ** (32 - length) - AZURE_LIMITS.reservedPerSubnetV4 - AZURE_LIMITS.aksUpgradeSurge;
  if (nodeCount <= room) return [];
  return [
    {
      key: "dualstack:nodes.count",
      value: nodeCount,
      message:
        `does not fit the AKS node subnet ${network.name} (${network.ipv4Cidr}): it holds ${room} nodes ` +
        `(Azure keeps ${AZURE_LIMITS.reservedPerSubnetV4} addresses, AKS one for upgrades); ` +
        `use 1..${room}, or a shorter dualstack:network.ipv4SubnetPrefixLength`,
    },
  ];
}
