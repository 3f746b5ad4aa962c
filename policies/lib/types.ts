// Resource type tokens the rules look at. Policies match on tokens, not on
// SDK classes, so the pack needs no cloud SDK (and none of their plugins).

export const AWS = {
  vpc: "aws:ec2/vpc:Vpc",
  subnet: "aws:ec2/subnet:Subnet",
  route: "aws:ec2/route:Route",
  routeTable: "aws:ec2/routeTable:RouteTable",
  defaultRouteTable: "aws:ec2/defaultRouteTable:DefaultRouteTable",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  albLegacy: "aws:alb/loadBalancer:LoadBalancer",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egressRule: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  eksCluster: "aws:eks/cluster:Cluster",
} as const;

export const AZURE = {
  vnet: "azure-native:network:VirtualNetwork",
  subnet: "azure-native:network:Subnet",
  routeTable: "azure-native:network:RouteTable",
  route: "azure-native:network:Route",
  lb: "azure-native:network:LoadBalancer",
  publicIp: "azure-native:network:PublicIPAddress",
  nsg: "azure-native:network:NetworkSecurityGroup",
  securityRule: "azure-native:network:SecurityRule",
  aks: "azure-native:containerservice:ManagedCluster",
} as const;

export const K8S = {
  service: "kubernetes:core/v1:Service",
  node: "kubernetes:core/v1:Node",
} as const;

// The Swiss clouds and the lab are Pulumi dynamic resources:
// pulumi-nodejs:dynamic/<module>:<Type> (module = cloud).
const dynamic = (module: string, type: string) => `pulumi-nodejs:dynamic/${module}:${type}`;

export const CLOUDSCALE = {
  server: dynamic("cloudscale", "Server"),
  floatingIp: dynamic("cloudscale", "FloatingIp"),
  lb: dynamic("cloudscale", "LoadBalancer"),
  listener: dynamic("cloudscale", "LoadBalancerListener"),
  network: dynamic("cloudscale", "Network"),
  subnet: dynamic("cloudscale", "Subnet"),
  serverGroup: dynamic("cloudscale", "ServerGroup"),
} as const;

export const EXOSCALE = {
  instance: dynamic("exoscale", "Instance"),
  securityGroup: dynamic("exoscale", "SecurityGroup"),
  securityGroupRule: dynamic("exoscale", "SecurityGroupRule"),
  elasticIp: dynamic("exoscale", "ElasticIp"),
  nlbService: dynamic("exoscale", "NlbService"),
  sksNodepool: dynamic("exoscale", "SksNodepool"),
  sksCluster: dynamic("exoscale", "SksCluster"),
} as const;

export const LAB = {
  host: dynamic("local", "Host"),
  switch: dynamic("local", "Switch"),
  process: dynamic("local", "Process"),
  dockerEngine: dynamic("local", "DockerEngine"),
  container: dynamic("local", "Container"),
  criRuntime: dynamic("local", "CriRuntime"),
} as const;
