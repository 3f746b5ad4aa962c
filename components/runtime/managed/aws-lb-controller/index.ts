// The AWS Load Balancer Controller on EKS: what turns the demo Service's
// annotations (workloads.ts, AWS_DUAL_STACK_NLB) into a dual-stack NLB with
// IP targets. EKS does not run it; without it the Service stays pending.
// Installed the way its docs recommend for EKS (docs/deploy/installation.md,
// "Option A: IRSA"): an IAM OIDC provider for the cluster's issuer, a role
// only the controller's service account can assume, the documented
// permission policy on it, and the eks-charts Helm chart. Region and VPC are
// passed to the chart so the controller makes no instance-metadata lookups,
// a fragile path from IPv6-only pods (the docs name these two values as the
// way around IMDS).
import * as iam from "@pulumi/aws/iam";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { InputError, requireMatch } from "../checks";
import {
  AWS_LB_CONTROLLER_NAMESPACE,
  AWS_LB_CONTROLLER_SERVICE_ACCOUNT,
  awsLoadBalancerControllerPolicy,
  IRSA_ROLE_ANNOTATION,
  IRSA_AUDIENCE,
  irsaTrustPolicy,
  ISSUER,
  ISSUER_HINT,
  PARTITION,
  PARTITION_HINT,
  PROVIDER_ARN,
  PROVIDER_ARN_HINT,
} from "./iam";

export * from "./iam";

/** The chart pinned here: eks-charts `aws-load-balancer-controller` 3.5.0 ships controller v3.5.0. */
export const AWS_LB_CONTROLLER_CHART = {
  chart: "aws-load-balancer-controller",
  repo: "https://aws.github.io/eks-charts",
  version: "3.5.0",
  appVersion: "v3.5.0",
} as const;
/** The Helm release, and so the name of the controller's Deployment and webhook Service. */
export const AWS_LB_CONTROLLER_RELEASE = "aws-load-balancer-controller";

export interface ControllerValuesInput {
  clusterName: pulumi.Input<string>;
  region: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  roleArn: pulumi.Input<string>;
}

/** The chart values: the cluster, region and VPC given (no IMDS lookups), and the IRSA service account. Pure. */
export function awsLoadBalancerControllerValues(v: ControllerValuesInput) {
  return {
    clusterName: v.clusterName,
    region: v.region,
    vpcId: v.vpcId,
    serviceAccount: { create: true, name: AWS_LB_CONTROLLER_SERVICE_ACCOUNT, annotations: { [IRSA_ROLE_ANNOTATION]: v.roleArn } },
  };
}

export interface AwsLoadBalancerControllerArgs {
  /** The EKS cluster's name; the controller tags what it creates with it. */
  clusterName: pulumi.Input<string>;
  /** The cluster's OIDC issuer URL (EksIpv6Cluster.oidcIssuerUrl). */
  oidcIssuerUrl: pulumi.Input<string>;
  /** An IAM OIDC provider that already exists for this issuer (IAM allows one per issuer per account); default: create one. */
  oidcProviderArn?: pulumi.Input<string>;
  /** The cluster's region, e.g. "eu-central-2". */
  region: pulumi.Input<string>;
  /** The cluster's VPC. */
  vpcId: pulumi.Input<string>;
  /** A Kubernetes provider for the cluster. */
  provider: Provider;
  /** AWS partition for ARNs; default "aws". */
  partition?: string;
  /** What the release waits for besides its IAM role, e.g. the node group: Helm waits for the controller's pods, which need nodes. */
  dependsOn?: pulumi.Resource[];
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const VPC_ID = /^vpc-[0-9a-f]{8,17}$/;

/** A required string arg, checked now when it is plain; an Output is known only at deployment. */
function requireInput(key: string, value: pulumi.Input<string> | undefined, pattern: RegExp, expected: string): void {
  if (value === undefined || value === null) throw new InputError(key, undefined, "is not set", expected);
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return;
  requireMatch(key, value, pattern, expected);
}

/** Every check that can run before a resource is registered; returns the partition. */
function checkArgs(args: AwsLoadBalancerControllerArgs): string {
  requireInput("clusterName", args.clusterName, CLUSTER_NAME, "use the EKS cluster's name: 1..100 letters, digits, '-' or '_', starting with a letter or digit");
  requireInput("oidcIssuerUrl", args.oidcIssuerUrl, ISSUER, ISSUER_HINT);
  requireInput("region", args.region, REGION, 'use a region such as "eu-central-2"');
  requireInput("vpcId", args.vpcId, VPC_ID, 'use a VPC id such as "vpc-0123456789abcdef0"');
  if (args.oidcProviderArn !== undefined) {
    requireInput("oidcProviderArn", args.oidcProviderArn, PROVIDER_ARN, PROVIDER_ARN_HINT);
    // Both plain: the provider must be this issuer's (the trust policy checks it).
    if (typeof args.oidcProviderArn === "string" && typeof args.oidcIssuerUrl === "string") {
      irsaTrustPolicy({ oidcProviderArn: args.oidcProviderArn, oidcIssuerUrl: args.oidcIssuerUrl });
    }
  }
  if (!Provider.isInstance(args.provider)) {
    throw new InputError("provider", args.provider === undefined ? undefined : typeof args.provider, "is not a kubernetes.Provider", "pass a kubernetes.Provider for the EKS cluster (e.g. from EksIpv6Cluster.kubeconfig)");
  }
  return requireMatch("partition", args.partition ?? "aws", PARTITION, PARTITION_HINT);
}

export class AwsLoadBalancerController extends pulumi.ComponentResource {
  /** The IAM OIDC provider the role trusts (created here unless one was given). */
  readonly oidcProviderArn: pulumi.Output<string>;
  readonly role: iam.Role;
  readonly policyAttachment: iam.RolePolicyAttachment;
  readonly release: Release;
  readonly roleArn: pulumi.Output<string>;
  readonly releaseName: pulumi.Output<string>;
  /** Helm's status of the release, "deployed" once the controller's pods are ready. */
  readonly releaseStatus: pulumi.Output<string>;

  constructor(name: string, args: AwsLoadBalancerControllerArgs, opts?: pulumi.ComponentResourceOptions) {
    const partition = checkArgs(args);
    super("dualstack:managed:AwsLoadBalancerController", name, {}, opts);
    const parent = { parent: this };
    const issuer = pulumi.output(args.oidcIssuerUrl);

    this.oidcProviderArn =
      args.oidcProviderArn !== undefined
        ? pulumi.output(args.oidcProviderArn)
        : new iam.OpenIdConnectProvider(`${name}-oidc`, { url: issuer, clientIdLists: [IRSA_AUDIENCE] }, parent).arn;
    this.role = new iam.Role(
      name,
      {
        description: "AWS Load Balancer Controller (IRSA: kube-system/aws-load-balancer-controller)",
        assumeRolePolicy: pulumi.all([this.oidcProviderArn, issuer]).apply(([oidcProviderArn, oidcIssuerUrl]) => JSON.stringify(irsaTrustPolicy({ oidcProviderArn, oidcIssuerUrl }))),
      },
      parent,
    );
    // A managed policy, as the docs install it: the inline limit is per role, and this policy is most of it.
    const policy = new iam.Policy(
      name,
      { description: `AWS Load Balancer Controller ${AWS_LB_CONTROLLER_CHART.appVersion} (its documented iam_policy.json)`, policy: JSON.stringify(awsLoadBalancerControllerPolicy(partition)) },
      parent,
    );
    this.policyAttachment = new iam.RolePolicyAttachment(name, { role: this.role.name, policyArn: policy.arn }, parent);
    this.roleArn = this.role.arn;

    this.release = new Release(
      name,
      {
        name: AWS_LB_CONTROLLER_RELEASE,
        chart: AWS_LB_CONTROLLER_CHART.chart,
        version: AWS_LB_CONTROLLER_CHART.version,
        repositoryOpts: { repo: AWS_LB_CONTROLLER_CHART.repo },
        namespace: AWS_LB_CONTROLLER_NAMESPACE,
        values: awsLoadBalancerControllerValues({ clusterName: args.clusterName, region: args.region, vpcId: args.vpcId, roleArn: this.role.arn }),
      },
      // Pods started before the policy is attached would fail their first AWS calls.
      { parent: this, provider: args.provider, dependsOn: [this.policyAttachment, ...(args.dependsOn ?? [])] },
    );
    this.releaseName = this.release.name;
    this.releaseStatus = this.release.status.status;
    this.registerOutputs({ roleArn: this.roleArn, releaseName: this.releaseName, releaseStatus: this.releaseStatus, chartVersion: AWS_LB_CONTROLLER_CHART.version });
  }
}
