// The one dual-stack cluster composition and the seam each cloud plugs into.
export type { AdapterTypes, CloudAdapter, EntryAddresses, HostRequest, IngressKind, MadeHost, Role } from "./adapter";
export { DualStackCluster, type DualStackClusterArgs } from "./cluster";
export { DualStackNetwork, type DualStackNetworkArgs, type NetworkAdapter } from "./network";
export { DualStackHost, oneAtATimeRoles, type DualStackHostArgs, type HostSummary } from "./host";
export { NodePool, type NodePoolArgs } from "./node-pool";
export { IpFailover, type IpFailoverArgs } from "./failover";
export { DualStackIngress, type DualStackIngressArgs } from "./ingress";
export { spreadOver, type Spread } from "./placement";
export { named, type Names } from "./names";
export { ManagedIngress, ManagedKubernetesCluster, ManagedNodePool, type ManagedAdapter, type ManagedEndpoints, type ManagedKubernetesArgs, type ManagedTypes } from "./managed";
