// The AWS Load Balancer Controller on EKS: the IRSA trust policy, the
// controller's permission policy and the chart values (pure), the argument
// checks, and the OIDC provider, role, policy and Helm release under Pulumi
// mocks (no AWS account or cluster here).
import { Provider } from "@pulumi/kubernetes/provider";
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../../../../components/runtime";
import {
  AWS_LB_CONTROLLER_CHART,
  AWS_LB_CONTROLLER_SERVICE_ACCOUNT,
  AwsLoadBalancerController,
  AwsLoadBalancerControllerArgs,
  awsLoadBalancerControllerPolicy,
  awsLoadBalancerControllerValues,
  EksIpv6Cluster,
  IamPolicyStatement,
  irsaTrustPolicy,
  oidcIssuerHostPath,
} from "../../../../components/runtime/managed";
import { EKS_OIDC_ISSUER, installMocks, MockState, recordRegistrations, Registration, settle, valueOf } from "./mocks";
import { thrownBy } from "../../../support/errors";

const ISSUER_HOST_PATH = "oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
const PROVIDER_ARN = `arn:aws:iam::123456789012:oidc-provider/${ISSUER_HOST_PATH}`;
const VPC_ID = "vpc-0a1b2c3d4e5f60789";

const errorOf = (fn: () => unknown): InputError => thrownBy(fn, InputError);

const actionsOf = (statements: IamPolicyStatement[]) => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
const granting = (action: string) => awsLoadBalancerControllerPolicy().Statement.filter((s) => actionsOf([s]).includes(action));

describe("oidcIssuerHostPath (pure)", () => {
  it("drops the scheme and a trailing slash, as IAM condition keys and provider ARNs name the issuer", () => {
    expect(oidcIssuerHostPath(EKS_OIDC_ISSUER)).toBe(ISSUER_HOST_PATH);
    expect(oidcIssuerHostPath(`${EKS_OIDC_ISSUER}/`)).toBe(ISSUER_HOST_PATH);
  });

  it("refuses anything but an https URL, naming oidcIssuerUrl", () => {
    for (const bad of ["http://oidc.eks.eu-central-1.amazonaws.com/id/ABC", ISSUER_HOST_PATH, ""]) {
      const err = errorOf(() => oidcIssuerHostPath(bad));
      expect(err.key).toBe("oidcIssuerUrl");
      expect(err.message).toContain("https://oidc.eks.");
    }
  });
});

describe("irsaTrustPolicy (pure)", () => {
  it("lets only kube-system/aws-load-balancer-controller assume the role, with the STS audience", () => {
    expect(irsaTrustPolicy({ oidcProviderArn: PROVIDER_ARN, oidcIssuerUrl: EKS_OIDC_ISSUER })).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: PROVIDER_ARN },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${ISSUER_HOST_PATH}:sub`]: "system:serviceaccount:kube-system:aws-load-balancer-controller",
              [`${ISSUER_HOST_PATH}:aud`]: "sts.amazonaws.com",
            },
          },
        },
      ],
    });
  });

  it("keys the conditions on the issuer without https:// and uses exact matches only", () => {
    const text = JSON.stringify(irsaTrustPolicy({ oidcProviderArn: PROVIDER_ARN, oidcIssuerUrl: `${EKS_OIDC_ISSUER}/` }));
    expect(text).not.toContain("https://");
    expect(text).not.toContain("StringLike");
    expect(text).not.toContain("*");
  });

  it("names another service account when asked", () => {
    const doc = irsaTrustPolicy({ oidcProviderArn: PROVIDER_ARN, oidcIssuerUrl: EKS_OIDC_ISSUER, namespace: "lb", serviceAccount: "controller" });
    expect(doc.Statement[0].Condition?.StringEquals[`${ISSUER_HOST_PATH}:sub`]).toBe("system:serviceaccount:lb:controller");
  });

  it("refuses a provider ARN for another issuer, naming both", () => {
    const other = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";
    const err = errorOf(() => irsaTrustPolicy({ oidcProviderArn: other, oidcIssuerUrl: EKS_OIDC_ISSUER }));
    expect(err.key).toBe("oidcProviderArn");
    expect(err.message).toContain("id/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
    expect(err.message).toContain(ISSUER_HOST_PATH);
    expect(err.message).toContain("leave oidcProviderArn unset");
  });

  it("refuses what is not an OIDC provider ARN", () => {
    const err = errorOf(() => irsaTrustPolicy({ oidcProviderArn: "arn:aws:iam::123456789012:role/x", oidcIssuerUrl: EKS_OIDC_ISSUER }));
    expect(err.key).toBe("oidcProviderArn");
    expect(err.message).toContain('"arn:aws:iam::123456789012:role/x"');
  });
});

describe("awsLoadBalancerControllerPolicy (pure)", () => {
  const doc = awsLoadBalancerControllerPolicy();
  const actions = actionsOf(doc.Statement);

  it("grants what an internet-facing dualstack NLB with IP targets needs", () => {
    expect(actions).toEqual(
      expect.arrayContaining([
        "elasticloadbalancing:CreateLoadBalancer",
        "elasticloadbalancing:CreateTargetGroup",
        "elasticloadbalancing:CreateListener",
        "elasticloadbalancing:ModifyListener",
        "elasticloadbalancing:DeleteListener",
        "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:ModifyTargetGroup",
        "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteLoadBalancer",
        "elasticloadbalancing:DeleteTargetGroup",
        "elasticloadbalancing:RegisterTargets",
        "elasticloadbalancing:DeregisterTargets",
        "elasticloadbalancing:SetIpAddressType",
        "elasticloadbalancing:SetSecurityGroups",
        "elasticloadbalancing:AddTags",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetHealth",
        "elasticloadbalancing:DescribeListenerAttributes",
        "ec2:DescribeSubnets",
        "ec2:DescribeVpcs",
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSecurityGroups",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:CreateSecurityGroup",
        "ec2:AuthorizeSecurityGroupIngress",
        "ec2:RevokeSecurityGroupIngress",
        "ec2:CreateTags",
        "iam:CreateServiceLinkedRole",
      ]),
    );
  });

  it("is only Allow statements with unique alphanumeric Sids and no wildcard actions", () => {
    expect(doc.Version).toBe("2012-10-17");
    expect(doc.Statement.every((s) => s.Effect === "Allow")).toBe(true);
    const sids = doc.Statement.map((s) => s.Sid ?? "");
    expect(sids.every((sid) => /^[A-Za-z0-9]+$/.test(sid))).toBe(true);
    expect(new Set(sids).size).toBe(sids.length);
    expect(actions.filter((a) => a.includes("*"))).toEqual([]);
  });

  it("creates ELBs and target groups only with the controller's cluster tag, and tags them only in those creates", () => {
    expect(granting("elasticloadbalancing:CreateLoadBalancer")).toEqual([
      expect.objectContaining({ Resource: "*", Condition: { Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" } } }),
    ]);
    const onCreate = granting("elasticloadbalancing:AddTags").find((s) => s.Condition?.StringEquals);
    expect(onCreate?.Condition).toEqual({
      StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
      Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" },
    });
    expect(onCreate?.Resource).toEqual(expect.arrayContaining(["arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*", "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"]));
  });

  it("changes and deletes only balancers and groups the controller tagged as its own", () => {
    for (const action of ["elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:DeleteTargetGroup", "ec2:DeleteSecurityGroup"]) {
      expect(granting(action)).toEqual([expect.objectContaining({ Condition: { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } } })]);
    }
  });

  it("registers targets on target groups, and creates ELB's service-linked role only", () => {
    expect(granting("elasticloadbalancing:RegisterTargets")).toEqual([expect.objectContaining({ Resource: "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*" })]);
    expect(granting("iam:CreateServiceLinkedRole")).toEqual([
      expect.objectContaining({ Resource: "*", Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } } }),
    ]);
    const sgTags = granting("ec2:CreateTags").find((s) => s.Condition?.StringEquals);
    expect(sgTags).toMatchObject({ Resource: "arn:aws:ec2:*:*:security-group/*", Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" } } });
  });

  it("puts the partition into every ARN", () => {
    const arns = (p: string) => JSON.stringify(awsLoadBalancerControllerPolicy(p)).match(/arn:[a-z-]+:/g) ?? [];
    expect(arns("aws").length).toBeGreaterThan(5);
    expect(new Set(arns("aws"))).toEqual(new Set(["arn:aws:"]));
    expect(new Set(arns("aws-cn"))).toEqual(new Set(["arn:aws-cn:"]));
    expect(new Set(arns("aws-us-gov"))).toEqual(new Set(["arn:aws-us-gov:"]));
    const err = errorOf(() => awsLoadBalancerControllerPolicy("azure"));
    expect(err.key).toBe("partition");
    expect(err.message).toContain('"azure"');
  });

  it("fits IAM's 6,144-character limit for a managed policy", () => {
    expect(JSON.stringify(doc).length).toBeLessThanOrEqual(6144);
  });
});

describe("awsLoadBalancerControllerValues (pure)", () => {
  it("passes cluster, region and VPC (no IMDS lookups) and annotates the chart's service account with the role", () => {
    expect(awsLoadBalancerControllerValues({ clusterName: "eks-1", region: "eu-central-2", vpcId: VPC_ID, roleArn: "arn:aws:iam::123456789012:role/lbc" })).toEqual({
      clusterName: "eks-1",
      region: "eu-central-2",
      vpcId: VPC_ID,
      serviceAccount: { create: true, name: "aws-load-balancer-controller", annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/lbc" } },
    });
  });
});

describe("AwsLoadBalancerController (mocks)", () => {
  let mocks: MockState;
  let registrations: Registration[];
  let warn: jest.SpyInstance;
  let eks: EksIpv6Cluster;
  let k8s: Provider;
  let lbc: AwsLoadBalancerController;

  const registration = (type: string, name: string) => {
    const found = registrations.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
    return found[0];
  };

  beforeAll(async () => {
    mocks = await installMocks();
    registrations = recordRegistrations();
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    eks = new EksIpv6Cluster("eks", { vpcId: VPC_ID, subnetIds: ["subnet-a", "subnet-b"], nodeCount: 2, instanceType: "m7i.large" });
    k8s = new Provider("k8s", { kubeconfig: eks.kubeconfig });
    lbc = new AwsLoadBalancerController("lbc", {
      clusterName: eks.cluster.name,
      oidcIssuerUrl: eks.oidcIssuerUrl,
      region: eks.region,
      vpcId: VPC_ID,
      provider: k8s,
      dependsOn: [eks.nodeGroup],
    });
    await valueOf(lbc.releaseStatus);
    await settle(mocks);
  });
  afterAll(() => warn.mockRestore());

  it("registers a dualstack:managed:AwsLoadBalancerController component (mocks)", () => {
    expect(mocks.one("dualstack:managed:AwsLoadBalancerController", "lbc")).toBeDefined();
  });

  it("creates the IAM OIDC provider for the cluster's issuer with the STS audience (mocks)", async () => {
    expect(await valueOf(eks.oidcIssuerUrl)).toBe(EKS_OIDC_ISSUER);
    expect(mocks.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "lbc-oidc").inputs).toEqual({ url: EKS_OIDC_ISSUER, clientIdLists: ["sts.amazonaws.com"] });
  });

  it("gives the role a trust policy for that provider and only the controller's service account (mocks)", () => {
    const role = mocks.one("aws:iam/role:Role", "lbc").inputs;
    expect(JSON.parse(role.assumeRolePolicy)).toEqual(irsaTrustPolicy({ oidcProviderArn: PROVIDER_ARN, oidcIssuerUrl: EKS_OIDC_ISSUER }));
    expect(JSON.parse(role.assumeRolePolicy).Statement[0].Principal.Federated).toBe(PROVIDER_ARN);
  });

  it("attaches the controller's policy to the role (mocks)", () => {
    expect(JSON.parse(mocks.one("aws:iam/policy:Policy", "lbc").inputs.policy)).toEqual(awsLoadBalancerControllerPolicy("aws"));
    expect(mocks.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "lbc").inputs).toEqual({ role: "lbc-a1b2c3d", policyArn: "arn:aws:iam::123456789012:policy/lbc-e4f5a6b" });
  });

  it("installs the pinned chart from eks-charts into kube-system on the cluster's provider (mocks)", () => {
    const release = mocks.one("kubernetes:helm.sh/v3:Release", "lbc");
    expect(release.inputs).toMatchObject({
      name: "aws-load-balancer-controller",
      chart: "aws-load-balancer-controller",
      version: "3.5.0",
      repositoryOpts: { repo: "https://aws.github.io/eks-charts" },
      namespace: "kube-system",
    });
    expect(AWS_LB_CONTROLLER_CHART).toEqual({ chart: "aws-load-balancer-controller", repo: "https://aws.github.io/eks-charts", version: "3.5.0", appVersion: "v3.5.0" });
    expect(release.provider).toMatch(/::k8s::k8s-id$/);
  });

  it("sets cluster, region and VPC, and the service account's role-arn annotation to the role's ARN (mocks)", () => {
    expect(mocks.one("kubernetes:helm.sh/v3:Release", "lbc").inputs.values).toEqual({
      clusterName: "eks-5f3c2a1",
      region: "eu-central-1",
      vpcId: VPC_ID,
      serviceAccount: {
        create: true,
        name: AWS_LB_CONTROLLER_SERVICE_ACCOUNT,
        annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/lbc-a1b2c3d" },
      },
    });
  });

  it("installs the release after the policy is attached and the nodes exist (mocks)", () => {
    const deps = registration("kubernetes:helm.sh/v3:Release", "lbc").dependencies;
    expect(deps).toContain(registration("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "lbc").urn);
    expect(deps).toContain(registration("aws:eks/nodeGroup:NodeGroup", "eks-nodes").urn);
  });

  it("outputs the role ARN and the release's name and status (mocks)", async () => {
    expect(await valueOf(lbc.roleArn)).toBe("arn:aws:iam::123456789012:role/lbc-a1b2c3d");
    expect(await valueOf(lbc.releaseName)).toBe("aws-load-balancer-controller");
    expect(await valueOf(lbc.releaseStatus)).toBe("deployed");
  });

  it("uses an existing OIDC provider instead of creating one (mocks)", async () => {
    const existing = new AwsLoadBalancerController("lbc-existing", { clusterName: "eks-1", oidcIssuerUrl: EKS_OIDC_ISSUER, oidcProviderArn: PROVIDER_ARN, region: "eu-central-1", vpcId: VPC_ID, provider: k8s });
    await valueOf(existing.releaseStatus);
    await settle(mocks);
    expect(mocks.of("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "lbc-existing-oidc")).toEqual([]);
    expect(JSON.parse(mocks.one("aws:iam/role:Role", "lbc-existing").inputs.assumeRolePolicy).Statement[0].Principal.Federated).toBe(PROVIDER_ARN);
    expect(await valueOf(existing.oidcProviderArn)).toBe(PROVIDER_ARN);
  });

  it("refuses bad arguments before registering anything, naming the key, the value and what is valid (mocks)", () => {
    const args: AwsLoadBalancerControllerArgs = { clusterName: "eks-1", oidcIssuerUrl: EKS_OIDC_ISSUER, region: "eu-central-1", vpcId: VPC_ID, provider: k8s };
    const before = mocks.resources.length;
    const cases: [Partial<AwsLoadBalancerControllerArgs>, string, string, string][] = [
      [{ clusterName: "-eks" }, "clusterName", '"-eks"', "use the EKS cluster's name"],
      [{ clusterName: undefined }, "clusterName", "(not set)", "use the EKS cluster's name"],
      [{ oidcIssuerUrl: "http://oidc.eks.eu-central-1.amazonaws.com/id/ABC" }, "oidcIssuerUrl", '"http://oidc.eks', "use the cluster's OIDC issuer URL"],
      [{ region: "Frankfurt" }, "region", '"Frankfurt"', 'use a region such as "eu-central-2"'],
      [{ vpcId: "vpc-xyz" }, "vpcId", '"vpc-xyz"', "use a VPC id"],
      [{ oidcProviderArn: "oidc.eks.eu-central-1.amazonaws.com" }, "oidcProviderArn", '"oidc.eks.eu-central-1.amazonaws.com"', "use an IAM OIDC provider ARN"],
      [{ oidcProviderArn: PROVIDER_ARN.replace("0123456789ABCDEF0123456789ABCDEF", "F".repeat(32)) }, "oidcProviderArn", "F".repeat(32), "leave oidcProviderArn unset"],
      [{ provider: undefined }, "provider", "(not set)", "pass a kubernetes.Provider"],
      [{ partition: "gcp" }, "partition", '"gcp"', 'use "aws", "aws-cn" or "aws-us-gov"'],
    ];
    for (const [override, key, value, expected] of cases) {
      const err = errorOf(() => new AwsLoadBalancerController("bad", { ...args, ...override } as AwsLoadBalancerControllerArgs));
      expect(err.key).toBe(key);
      expect(err.message).toContain(value);
      expect(err.message).toContain(expected);
    }
    expect(mocks.resources.length).toBe(before);
  });
});
