// The dualstack CrossGuard policy pack: IPv4-only infrastructure fails
// `pulumi preview --policy-pack policies`. Mandatory by default; each rule
// can be set to advisory/disabled and given exceptions in a pack config
// file (`--policy-pack-config`), see README.md here.
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./all";

new PolicyPack("dualstack", {
  description: "Dual-stack guard rails: networks, routes, endpoints, firewalls and Kubernetes must serve IPv4 and IPv6.",
  enforcementLevel: "mandatory",
  policies: allPolicies,
});
