// The example plan input the addressing tests start from: two zones, a /48
// from the documentation range, three nodes and two ingress hosts.
import type { PlanInput } from "../../../components/addressing";

export const EXAMPLE_INPUT: PlanInput = {
  name: "prod",
  ipv4Supernet: "10.40.0.0/16",
  ipv6Prefix: "2001:db8::/48",
  zones: ["lpg1", "rma1"],
  nodeCount: 3,
  ingressCount: 2,
};
