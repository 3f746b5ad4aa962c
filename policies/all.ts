// Every policy of the pack, in report order (networks, routing, ingress,
// firewalls, Kubernetes). Tests and the benchmark use this list directly;
// only index.ts builds the PolicyPack.
import { resourcePolicy, stackPolicy, type DualstackResourcePolicy, type DualstackStackPolicy } from "./lib/policy";
import { awsDefaultRouteHasIpv6, awsEksDualStackIngress, awsEksIpv6, awsLbDualStack, awsSubnetHasIpv6, awsVpcHasIpv6 } from "./rules/aws";
import { awsNoPublicSsh, awsSgAllowsIcmpv6, awsSgIpv6Twin, awsSgRuleIpv6Twin } from "./rules/aws-firewall";
import { azureAksDualStack, azureDefaultRouteHasIpv6, azureLbDualStack, azureSubnetHasIpv6, azureVnetHasIpv6 } from "./rules/azure";
import { azureNoPublicSsh, azureNsgIpv6Twin, azureSecurityRuleIpv6Twin } from "./rules/azure-firewall";
import { cloudscaleLbDualStack, cloudscaleListenerAllowsIpv6, cloudscaleNoPublicSsh, cloudscaleServerIpv6 } from "./rules/cloudscale";
import { azurePublicIpPairs, cloudscaleFloatingIpPairs, exoscaleEipPairs } from "./rules/endpoints";
import {
  exoscaleInstanceDualStack,
  exoscaleNlbIpv4Only,
  exoscaleNoPublicSsh,
  exoscaleSgAllowsIcmpv6,
  exoscaleSgRuleIpv6Twin,
  exoscaleSksDualStack,
  exoscaleSksNodepoolDualStack,
} from "./rules/exoscale";
import { k8sNodeDualStack, k8sServiceDualStack } from "./rules/kubernetes";
import { labDockerDualStack, labHostDualStack, labKubernetesDualStack } from "./rules/lab";

export const resourcePolicies: DualstackResourcePolicy[] = [
  // networks
  awsVpcHasIpv6,
  awsSubnetHasIpv6,
  azureVnetHasIpv6,
  azureSubnetHasIpv6,
  cloudscaleServerIpv6,
  exoscaleInstanceDualStack,
  exoscaleSksNodepoolDualStack,
  labHostDualStack,
  labDockerDualStack,
  labKubernetesDualStack,
  // ingress
  awsLbDualStack,
  cloudscaleLbDualStack,
  cloudscaleListenerAllowsIpv6,
  exoscaleNlbIpv4Only,
  // firewalls
  awsSgIpv6Twin,
  azureNsgIpv6Twin,
  awsNoPublicSsh,
  azureNoPublicSsh,
  exoscaleNoPublicSsh,
  cloudscaleNoPublicSsh,
  // Kubernetes
  k8sServiceDualStack,
  k8sNodeDualStack,
  azureAksDualStack,
  awsEksIpv6,
  awsEksDualStackIngress,
  exoscaleSksDualStack,
].map(resourcePolicy);

export const stackPolicies: DualstackStackPolicy[] = [
  // routing
  awsDefaultRouteHasIpv6,
  azureDefaultRouteHasIpv6,
  // ingress and public endpoints
  azureLbDualStack,
  azurePublicIpPairs,
  exoscaleEipPairs,
  cloudscaleFloatingIpPairs,
  // firewalls
  awsSgRuleIpv6Twin,
  awsSgAllowsIcmpv6,
  azureSecurityRuleIpv6Twin,
  exoscaleSgRuleIpv6Twin,
  exoscaleSgAllowsIcmpv6,
].map(stackPolicy);

export const allPolicies: (DualstackResourcePolicy | DualstackStackPolicy)[] = [...resourcePolicies, ...stackPolicies];
