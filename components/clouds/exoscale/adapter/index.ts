// The cluster on Exoscale: dual-stack instances (public IPv4 + IPv6) on
// private networks (IPv4 by managed DHCP, the planned ULA IPv6 set in the
// guest), in security and anti-affinity groups; the entry point is two
// managed elastic IPs (inet4, inet6) on every ingress host, failed over by
// Exoscale's healthchecks instead of keepalived (its NLB is IPv4 only).
// Exoscale security groups filter the public interface only, so the nodes,
// reached over the private network, take no traffic from the Internet.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedIngressHost, PlannedNode } from "../../../addressing";
import type { AdapterTypes, CloudAdapter, HostRequest, Role } from "../../../cluster";
import type { ConfigProblem } from "../../../problems";
import { nodeUserData, nodeUserDataProblems, type NodeRuntime } from "../../../runtime";
import { type ElasticIpAttachment, Instance, PrivateNetwork, PrivateNetworkAttachment } from "../resources";
import { attachElasticIps, elasticIps, type ElasticIps } from "./entry-addresses";
import { networkOf, privateNetworks } from "./network";
import { antiAffinityGroups, securityGroups, type AntiAffinity, type SecurityGroups } from "./security";
import { EXOSCALE_HOST_DEFAULTS, type ExoscaleAdapterArgs, type ExoscaleHostSettings } from "./settings";
import { ingressUserData, ingressUserDataProblems, NODE_HOST_NETWORK, NODE_USER_DATA_LIMIT } from "./user-data";

export { EIP_HEALTHCHECK, INGRESS_PORT, elasticIps, type ElasticIps } from "./entry-addresses";
export { dhcpRange, type DhcpRange } from "./network";
export { ANTI_AFFINITY_GROUP_SIZE, SKS_CLUSTER_RULES, antiAffinityGroups, sksNodeSecurityGroup, type AntiAffinity, type Names } from "./security";
export { EXOSCALE_HOST_DEFAULTS, PRIVATE_INTERFACE, PUBLIC_INTERFACE, type ExoscaleAdapterArgs, type ExoscaleHostSettings } from "./settings";
export { NODE_HOST_NETWORK, NODE_USER_DATA_LIMIT, ingressUserData, ingressUserDataProblems } from "./user-data";

export interface ExoscaleNetwork {
  privateNetworks: Map<string, PrivateNetwork>;
  securityGroups: SecurityGroups;
}

export interface ExoscaleHost {
  instance: Instance;
  name: string;
  /** An ingress host's EIP attachments: the next ingress host waits for them. */
  settled?: ElasticIpAttachment[];
  publicIpv4: pulumi.Output<string>;
  publicIpv6: pulumi.Output<string>;
}

export interface ExoscaleTypes extends AdapterTypes {
  network: ExoscaleNetwork;
  placement: AntiAffinity;
  software: pulumi.Input<string>;
  entry: ElasticIps;
  host: ExoscaleHost;
}

export class ExoscaleAdapter implements CloudAdapter<ExoscaleTypes> {
  readonly cloud = "Exoscale";

  private readonly s: ExoscaleHostSettings;

  constructor(args: ExoscaleAdapterArgs) {
    this.s = { ...EXOSCALE_HOST_DEFAULTS, ...args };
  }

  preflight(plan: AddressPlan, runtime: NodeRuntime): ConfigProblem[] {
    // The size check assumes a generous token length: the secret itself is never read here.
    return [...ingressUserDataProblems(plan), ...nodeUserDataProblems(plan, runtime.kind, NODE_USER_DATA_LIMIT)];
  }

  network(prefix: string, plan: AddressPlan, parent: pulumi.Resource): ExoscaleNetwork {
    return {
      privateNetworks: privateNetworks(prefix, plan, this.s.zone, parent),
      securityGroups: securityGroups({ pulumi: prefix, api: plan.name }, { parent }),
    };
  }

  placement(prefix: string, plan: AddressPlan, role: Role, parent: pulumi.Resource): AntiAffinity {
    const count = role === "nodes" ? plan.nodes.length : plan.ingress.hosts.length;
    return antiAffinityGroups(role, { pulumi: prefix, api: plan.name }, count, { parent });
  }

  nodeSoftware(plan: AddressPlan, node: PlannedNode, runtime: NodeRuntime): pulumi.Output<string> {
    return nodeUserData(plan, node.name, runtime, { hostNetwork: NODE_HOST_NETWORK });
  }

  entryPoint(prefix: string, plan: AddressPlan, parent: pulumi.Resource): ElasticIps {
    return elasticIps({ pulumi: prefix, api: plan.name }, this.s.zone, { parent });
  }

  ingressSoftware(plan: AddressPlan, host: PlannedIngressHost, eips: ElasticIps): pulumi.Output<string> {
    return pulumi.all([eips.ipv4, eips.ipv6]).apply(([ipv4, ipv6]) => ingressUserData(plan, host, { ipv4, ipv6 }));
  }

  host(r: HostRequest<ExoscaleTypes>, parent: pulumi.Resource): ExoscaleHost {
    const s = this.s;
    const groups = r.network.securityGroups;
    const instance = new Instance(
      r.name,
      {
        // API names carry the DNS-safe environment name: instance names become host names.
        name: `${r.plan.name}-${r.host.name}`,
        zone: s.zone,
        instanceType: r.role === "ingress" ? s.ingressInstanceType : s.instanceType,
        template: s.template,
        diskSize: s.diskSize,
        publicIpAssignment: "dual",
        securityGroups: [(r.role === "ingress" ? groups.ingress : groups.nodes).id],
        antiAffinityGroups: [r.placement.groupOf(r.index).id],
        sshKeys: s.sshKeys,
        userData: r.software,
      },
      { parent },
    );
    const network = networkOf(r.network.privateNetworks, r.host);
    new PrivateNetworkAttachment(`${r.name}-${r.host.network}`, { privateNetwork: network.id, instance: instance.id, ip: r.host.ipv4 }, { parent });
    const made = { instance, name: r.host.name, publicIpv4: instance.publicIp, publicIpv6: instance.ipv6Address };
    // Per host, with the host: a replaced host detaches only itself, and the next one waits for these.
    return r.role === "ingress" ? { ...made, settled: attachElasticIps(r.entry, made) } : made;
  }

  attachEntryPoint(): void {
    // Nothing left: each ingress host got its EIP attachments in host().
  }
}
