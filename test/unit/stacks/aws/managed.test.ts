// runtime: kubernetes + kubernetes.mode: managed on AWS: the same dual-stack
// VPC, then EKS (IPv6 pods) over the private subnets, the AWS Load Balancer
// Controller (Helm, IRSA) and the demo app behind the dual-stack NLB the
// controller makes. No EC2 nodes or NLB of our own. Under Pulumi mocks.
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy } from "../../../../components/runtime/managed/aws-lb-controller";
import { EKS_NOTE } from "../../../../components/runtime/managed/eks";
import { mockMonitor, recordRegistrations, Registration } from "../../runtime/managed/mocks";
import { ACCOUNT, AwsMocks, awsConfig, EKS_NLB_HOSTNAME, inCluster, installAwsMocks, REGION, resolved, runAwsStack } from "./mocks";

// A whole run of the stack program under Pulumi mocks costs 1-2 s of CPU, most
// of it the SDK taking a stack trace for each of its promises (for its leak
// report); on a busy 2-core machine that exceeds jest's default 5 s.
jest.setTimeout(60_000);

const OIDC_ISSUER = `https://oidc.eks.${REGION}.amazonaws.com/id/5F3C2A10123456789ABCDEF012345678`;
const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_ISSUER.slice("https://".length)}`;

/**
 * Two outputs the shared AWS mocks do not give yet and the controller needs:
 * the cluster's OIDC issuer (EKS gives every cluster one) and the IAM OIDC
 * provider's ARN (IAM names it by the issuer without https://).
 */
function withOidcOutputs(): void {
  const { mocks } = mockMonitor();
  const newResource = mocks.newResource.bind(mocks);
  mocks.newResource = async (args) => {
    const result = await newResource(args);
    if (result.id === undefined) return result;
    if (args.type === "aws:eks/cluster:Cluster") result.state.identities = [{ oidcs: [{ issuer: OIDC_ISSUER }] }];
    if (args.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider") result.state.arn = OIDC_PROVIDER_ARN;
    return result;
  };
}

describe("AWS stack with managed Kubernetes (mocks)", () => {
  let mocks: AwsMocks;
  let outputs: Record<string, unknown>;
  let registrations: Registration[];
  let warn: jest.SpyInstance;

  const registered = (type: string, name?: string) => {
    const found = registrations.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` ${name}` : ""}, found ${found.length}`);
    return found[0];
  };

  beforeAll(async () => {
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    mocks = await installAwsMocks();
    withOidcOutputs();
    registrations = recordRegistrations();
    outputs = await runAwsStack(mocks, awsConfig({ runtime: "kubernetes", kubernetes: { mode: "managed" }, aws: { azCount: 2, instanceType: "m7i.large" } }));
  });

  it("builds EKS in IPv6 mode over the private subnets, with the EKS warning (mocks)", () => {
    const cluster = mocks.one("aws:eks/cluster:Cluster").inputs;
    expect(cluster.kubernetesNetworkConfig).toEqual({ ipFamily: "ipv6" });
    const privateIds = mocks.of("aws:ec2/subnet:Subnet").filter((s) => s.inputs.mapPublicIpOnLaunch === false).map((s) => s.id).sort();
    expect([...cluster.vpcConfig.subnetIds].sort()).toEqual(privateIds);
    expect(mocks.one("aws:eks/nodeGroup:NodeGroup").inputs).toMatchObject({ instanceTypes: ["m7i.large"], scalingConfig: { desiredSize: 4 } });
    expect(warn).toHaveBeenCalledWith(EKS_NOTE, expect.anything());
  });

  it("tags subnets for the load balancer controller and keeps both default routes per table (mocks)", () => {
    for (const s of mocks.of("aws:ec2/subnet:Subnet")) {
      const role = s.inputs.mapPublicIpOnLaunch ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb";
      expect(s.inputs.tags[role]).toBe("1");
      expect(s.inputs.ipv6CidrBlock).toMatch(/\/64$/);
    }
    const routes = mocks.of("aws:ec2/route:Route").map((r) => r.inputs);
    expect(routes.filter((r) => r.destinationIpv6CidrBlock === "::/0")).toHaveLength(2);
  });

  it("puts the app behind a dual-stack NLB Service and builds no EC2 nodes or NLB of its own (mocks)", () => {
    const service = mocks.one("kubernetes:core/v1:Service").inputs;
    expect(service.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-ip-address-type"]).toBe("dualstack");
    expect(service.spec.ipFamilies).toEqual(["IPv6"]);
    expect(mocks.of("aws:ec2/instance:Instance")).toEqual([]);
    expect(mocks.of("aws:lb/loadBalancer:LoadBalancer")).toEqual([]);
    expect(mocks.calls.some((c) => c.token === "aws:ec2/getAmi:getAmi")).toBe(false);
  });

  it("installs the AWS Load Balancer Controller with IRSA for the cluster's issuer (mocks)", () => {
    expect(mocks.one("dualstack:managed:AwsLoadBalancerController")).toBeDefined();
    expect(mocks.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider").inputs).toEqual({ url: OIDC_ISSUER, clientIdLists: ["sts.amazonaws.com"] });
    const role = mocks.of("aws:iam/role:Role").find((r) => r.inputs.assumeRolePolicy.includes("AssumeRoleWithWebIdentity"));
    expect(JSON.parse(role?.inputs.assumeRolePolicy)).toEqual(irsaTrustPolicy({ oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuerUrl: OIDC_ISSUER }));
  });

  it("installs the chart on the EKS cluster with its name, region, VPC and the IRSA role (mocks)", () => {
    const cluster = mocks.one("aws:eks/cluster:Cluster");
    const vpc = mocks.one("aws:ec2/vpc:Vpc");
    const release = mocks.one("kubernetes:helm.sh/v3:Release");
    expect(release.inputs).toMatchObject({ chart: "aws-load-balancer-controller", version: "3.5.0", namespace: "kube-system", repositoryOpts: { repo: "https://aws.github.io/eks-charts" } });
    expect(release.inputs.values).toEqual({
      clusterName: `${cluster.name}-5f3c2a1`,
      region: REGION,
      vpcId: vpc.id,
      serviceAccount: { create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": expect.stringMatching(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/.*lb-controller`)) } },
    });
    // On a Kubernetes provider of its own, for the EKS cluster.
    const provider = registered("pulumi:providers:kubernetes", `${cluster.name}-k8s`);
    expect(registered("kubernetes:helm.sh/v3:Release").provider.startsWith(`${provider.urn}::`)).toBe(true);
  });

  it("installs the controller after the nodes, and creates the demo Service only after the controller (mocks)", () => {
    const release = registered("kubernetes:helm.sh/v3:Release");
    expect(release.dependencies).toContain(registered("aws:eks/nodeGroup:NodeGroup").urn);
    expect(release.dependencies).toContain(registered("aws:iam/rolePolicyAttachment:RolePolicyAttachment", release.name).urn);
    expect(registered("kubernetes:core/v1:Service", inCluster("app-service")).dependencies).toContain(release.urn);
  });

  it("exports both endpoints on the NLB's name, a secret kubeconfig and the EKS note (mocks)", async () => {
    const eks = (outputs as { eks: { kubeconfig: pulumi.Output<string> } }).eks;
    expect(await pulumi.isSecret(eks.kubeconfig)).toBe(true);
    const out = (await resolved(outputs)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(out.provider).toBe("aws");
    expect(out.endpoints).toMatchObject({ ipv4: `http://${EKS_NLB_HOSTNAME}/`, ipv6: `http://${EKS_NLB_HOSTNAME}/`, dnsName: EKS_NLB_HOSTNAME });
    expect(out.eks.note).toBe(EKS_NOTE);
    expect(out.addressPlan.ipv6PrefixSource).toBe("provider");
  });
});
