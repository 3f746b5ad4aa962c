// EKS in its IPv6 mode. EKS cannot run dual-stack pods (AWS EKS user guide,
// cni-ipv6: "Amazon EKS doesn't support dual-stacked Pods or services"): pods
// and services are IPv6-only, nodes keep both families, and the ingress stays
// dual-stack through an NLB with ip-address-type dualstack (workloads.ts).
// Built from @pulumi/aws rather than pulumi-eks, whose IPv6 mode misses the
// IPv6 security-group rules and the CNI's ec2:AssignIpv6Addresses.
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import * as vpc from "@pulumi/aws/vpc";
import * as pulumi from "@pulumi/pulumi";
import { toYaml } from "../yaml";
import { InputError, requireCount, requireInt, requireKubernetesVersion, requireMatch } from "./checks";
import { formerType } from "../../renamed";

export const EKS_NOTE = "EKS cannot run dual-stack pods; pods are IPv6-only and the ingress is a dual-stack NLB";

/**
 * AmazonEKS_CNI_IPv6_Policy as the EKS user guide documents it (cni-iam-role,
 * "Create IAM policy for clusters that use the IPv6 family"); AWS ships no
 * managed policy for it, so it goes inline on the node role.
 */
export function cniIpv6PolicyDocument(partition = "aws") {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["ec2:AssignIpv6Addresses", "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes"],
        Resource: "*",
      },
      { Effect: "Allow", Action: ["ec2:CreateTags"], Resource: [`arn:${partition}:ec2:*:*:network-interface/*`] },
    ],
  };
}

function assumeRolePolicy(service: string): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] });
}

export interface EksKubeconfigInput {
  name: string;
  endpoint: string;
  /** Base64 PEM, as eks.Cluster.certificateAuthority.data holds it. */
  certificateAuthorityData: string;
  region?: string;
}

/** A kubeconfig that authenticates with `aws eks get-token` (the caller's AWS credentials). Pure. */
export function renderEksKubeconfig(k: EksKubeconfigInput): string {
  const region = k.region ? ["--region", k.region] : [];
  return toYaml({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: k.name, cluster: { server: k.endpoint, "certificate-authority-data": k.certificateAuthorityData } }],
    contexts: [{ name: k.name, context: { cluster: k.name, user: k.name } }],
    "current-context": k.name,
    users: [
      {
        name: k.name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: [...region, "eks", "get-token", "--cluster-name", k.name, "--output", "json"],
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}

export interface EksIpv6ClusterArgs {
  vpcId: pulumi.Input<string>;
  /** Dual-stack subnets (IPv4 + an IPv6 /64, auto-assigning IPv6), in at least two AZs. */
  subnetIds: pulumi.Input<string>[];
  nodeCount: number;
  instanceType: string;
  kubernetesVersion?: string;
  /** AWS partition for ARNs; default "aws". */
  partition?: string;
}

export class EksIpv6Cluster extends pulumi.ComponentResource {
  readonly cluster: eks.Cluster;
  readonly nodeRole: iam.Role;
  readonly cniPolicy: iam.RolePolicy;
  readonly securityGroup: ec2.SecurityGroup;
  readonly nodeGroup: eks.NodeGroup;
  readonly kubeconfig: pulumi.Output<string>;
  /** The cluster's OIDC issuer URL, what IRSA roles trust (aws-lb-controller.ts). */
  readonly oidcIssuerUrl: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
  readonly podIpFamilies = ["IPv6"] as const;
  readonly dualStackPods = false as const;
  readonly note = EKS_NOTE;

  constructor(name: string, args: EksIpv6ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const subnetIds = requireCount("subnetIds", args.subnetIds, 2, "EKS needs subnets in at least two availability zones");
    const nodeCount = requireInt("nodeCount", args.nodeCount, 1, 450);
    const instanceType = requireMatch("instanceType", args.instanceType, /^[a-z0-9-]+\.[a-z0-9-]+$/, 'use a (Nitro) instance type such as "m7i.large"');
    const version = args.kubernetesVersion === undefined ? undefined : requireKubernetesVersion("kubernetesVersion", args.kubernetesVersion, [1, 21, 0], "EKS IPv6 clusters need");
    const partition = requireMatch("partition", args.partition ?? "aws", /^aws(-[a-z-]+)?$/, 'use "aws", "aws-cn" or "aws-us-gov"');
    super("dualstack:managed:EksIpv6Cluster", name, {}, formerType("dualstack:managed:EksIpv6Cluster", opts));
    const parent = { parent: this };
    const managed = (policy: string) => `arn:${partition}:iam::aws:policy/${policy}`;

    const clusterRole = new iam.Role(`${name}-cluster`, { assumeRolePolicy: assumeRolePolicy("eks.amazonaws.com") }, parent);
    const clusterPolicy = new iam.RolePolicyAttachment(`${name}-cluster-policy`, { role: clusterRole.name, policyArn: managed("AmazonEKSClusterPolicy") }, parent);

    this.nodeRole = new iam.Role(`${name}-node`, { assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com") }, parent);
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"].map(
      (p) => new iam.RolePolicyAttachment(`${name}-node-${p}`, { role: this.nodeRole.name, policyArn: managed(p) }, parent),
    );
    this.cniPolicy = new iam.RolePolicy(`${name}-cni-ipv6`, { role: this.nodeRole.name, policy: JSON.stringify(cniIpv6PolicyDocument(partition)) }, parent);

    // Our own group, on the nodes and the control plane ENIs. Not tagged
    // kubernetes.io/cluster/<name>: the LB controller wants exactly one such
    // group per ENI, and that is EKS's cluster security group.
    this.securityGroup = new ec2.SecurityGroup(`${name}-nodes`, { vpcId: args.vpcId, description: "EKS IPv6: node-to-node both families, ICMPv6, egress v4+v6" }, parent);
    const sg = this.securityGroup.id;
    const net = ec2.getVpcOutput({ id: args.vpcId }, parent);
    const ipv6Cidr = net.apply((v) => {
      if (!v.ipv6CidrBlock) throw new InputError("vpcId", v.id, "has no IPv6 CIDR block", "EKS IPv6 needs a dual-stack VPC (assignGeneratedIpv6CidrBlock: true)");
      return v.ipv6CidrBlock;
    });
    const ingress: [string, Omit<vpc.SecurityGroupIngressRuleArgs, "securityGroupId">][] = [
      ["self", { ipProtocol: "-1", referencedSecurityGroupId: sg, description: "members (nodes, control plane), both families" }],
      ["vpc-v4", { ipProtocol: "-1", cidrIpv4: net.cidrBlock, description: "node to node, IPv4" }],
      ["vpc-v6", { ipProtocol: "-1", cidrIpv6: ipv6Cidr, description: "node and pod to node and pod, IPv6" }],
      // Packet Too Big (IPv6 has no fragmentation on path) and neighbour discovery.
      ["icmpv6", { ipProtocol: "icmpv6", fromPort: -1, toPort: -1, cidrIpv6: "::/0", description: "ICMPv6" }],
    ];
    const rules: pulumi.Resource[] = ingress.map(([n, r]) => new vpc.SecurityGroupIngressRule(`${name}-in-${n}`, { ...r, securityGroupId: sg }, parent));
    // Pulumi drops AWS's default allow-all egress, and EKS's own group allows one family only.
    for (const [n, cidr] of [["v4", { cidrIpv4: "0.0.0.0/0" }], ["v6", { cidrIpv6: "::/0" }]] as const) {
      rules.push(new vpc.SecurityGroupEgressRule(`${name}-out-${n}`, { ipProtocol: "-1", ...cidr, securityGroupId: sg, description: `all egress ${n}` }, parent));
    }

    this.cluster = new eks.Cluster(
      name,
      {
        roleArn: clusterRole.arn,
        version,
        vpcConfig: { subnetIds: [...subnetIds], securityGroupIds: [sg], endpointPublicAccess: true, endpointPrivateAccess: true },
        kubernetesNetworkConfig: { ipFamily: "ipv6" },
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      },
      { parent: this, dependsOn: [clusterPolicy] },
    );
    const cni = new eks.Addon(
      `${name}-vpc-cni`,
      { clusterName: this.cluster.name, addonName: "vpc-cni", resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "PRESERVE" },
      parent,
    );
    // A launch template is how a managed node group gets extra security groups; EKS's own group must then be listed too.
    const template = new ec2.LaunchTemplate(
      `${name}-nodes`,
      { vpcSecurityGroupIds: [sg, this.cluster.vpcConfig.clusterSecurityGroupId.apply((id) => id ?? "")], metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } },
      parent,
    );
    this.nodeGroup = new eks.NodeGroup(
      `${name}-nodes`,
      {
        clusterName: this.cluster.name,
        nodeRoleArn: this.nodeRole.arn,
        subnetIds: [...subnetIds],
        instanceTypes: [instanceType],
        scalingConfig: { desiredSize: nodeCount, minSize: nodeCount, maxSize: nodeCount },
        launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
      },
      // The CNI must have its IPv6 permissions before nodes come up, or they stay NotReady.
      { parent: this, dependsOn: [...nodePolicies, this.cniPolicy, cni, ...rules] },
    );

    this.oidcIssuerUrl = this.cluster.identities.apply((ids) => {
      const issuer = ids?.[0]?.oidcs?.[0]?.issuer;
      // EKS gives every cluster an issuer; without one IRSA cannot work.
      if (!issuer) throw new Error(`EKS cluster ${name} reports no OIDC issuer (identities[0].oidcs[0].issuer)`);
      return issuer;
    });
    this.region = this.cluster.region;

    pulumi.log.warn(EKS_NOTE, this);
    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.cluster.name, this.cluster.endpoint, this.cluster.certificateAuthority, this.cluster.region])
        .apply(([clusterName, endpoint, ca, region]) => renderEksKubeconfig({ name: clusterName, endpoint, certificateAuthorityData: ca.data ?? "", region })),
    );
    this.registerOutputs({
      kubeconfig: this.kubeconfig,
      clusterName: this.cluster.name,
      podIpFamilies: this.podIpFamilies,
      dualStackPods: this.dualStackPods,
      note: this.note,
    });
  }
}
