// EKS in IPv6 mode: the CNI IPv6 policy and kubeconfig renderers (pure), and
// the component's IAM, security-group, cluster and node-group resources under
// Pulumi mocks (no AWS account here).
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { InputError } from "../../../../components/runtime";
import { cniIpv6PolicyDocument, EKS_NOTE, EksIpv6Cluster, EksIpv6ClusterArgs, renderEksKubeconfig } from "../../../../components/runtime/managed";
import { EKS_CA, EKS_ENDPOINT, installMocks, MockState, settle, valueOf, VPC } from "./mocks";

const CNI_ACTIONS = ["ec2:AssignIpv6Addresses", "ec2:DescribeInstances", "ec2:DescribeTags", "ec2:DescribeNetworkInterfaces", "ec2:DescribeInstanceTypes"];

describe("cniIpv6PolicyDocument (pure)", () => {
  it("is the documented AmazonEKS_CNI_IPv6_Policy", () => {
    const doc = cniIpv6PolicyDocument();
    expect(doc.Statement[0]).toEqual({ Effect: "Allow", Action: CNI_ACTIONS, Resource: "*" });
    expect(doc.Statement[1]).toEqual({ Effect: "Allow", Action: ["ec2:CreateTags"], Resource: ["arn:aws:ec2:*:*:network-interface/*"] });
    expect(cniIpv6PolicyDocument("aws-cn").Statement[1].Resource).toEqual(["arn:aws-cn:ec2:*:*:network-interface/*"]);
  });
});

describe("renderEksKubeconfig (pure)", () => {
  it("points at the endpoint with the cluster CA and authenticates with aws eks get-token", () => {
    const text = renderEksKubeconfig({ name: "eks-1", endpoint: EKS_ENDPOINT, certificateAuthorityData: EKS_CA, region: "eu-central-1" });
    const k = parse(text);
    expect(k).toMatchObject({ apiVersion: "v1", kind: "Config", "current-context": "eks-1" });
    expect(k.clusters).toEqual([{ name: "eks-1", cluster: { server: EKS_ENDPOINT, "certificate-authority-data": EKS_CA } }]);
    expect(k.contexts).toEqual([{ name: "eks-1", context: { cluster: "eks-1", user: "eks-1" } }]);
    expect(k.users[0].user.exec).toEqual({
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["--region", "eu-central-1", "eks", "get-token", "--cluster-name", "eks-1", "--output", "json"],
      interactiveMode: "Never",
    });
  });

  it("leaves --region out when the region is not known", () => {
    const k = parse(renderEksKubeconfig({ name: "c", endpoint: "https://x", certificateAuthorityData: "Zm9v" }));
    expect(k.users[0].user.exec.args).toEqual(["eks", "get-token", "--cluster-name", "c", "--output", "json"]);
  });
});

describe("EksIpv6Cluster (mocks)", () => {
  let mocks: MockState;
  let eks: EksIpv6Cluster;
  let warn: jest.SpyInstance;
  const args: EksIpv6ClusterArgs = { vpcId: "vpc-0abc", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], nodeCount: 3, instanceType: "m7i.large", kubernetesVersion: "1.33" };

  beforeAll(async () => {
    mocks = await installMocks();
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    eks = new EksIpv6Cluster("eks", args);
    await valueOf(eks.kubeconfig);
    await valueOf(eks.nodeGroup.id);
    await settle(mocks);
  });
  afterAll(() => warn.mockRestore());

  const rule = (kind: "Ingress" | "Egress", name: string) => mocks.one(`aws:vpc/securityGroup${kind}Rule:SecurityGroup${kind}Rule`, name).inputs;

  it("registers a dualstack:managed:EksIpv6Cluster component (mocks)", () => {
    expect(mocks.one("dualstack:managed:EksIpv6Cluster", "eks")).toBeDefined();
  });

  it("creates the cluster with ipFamily ipv6 on the given subnets, with its security group (mocks)", () => {
    const { inputs } = mocks.one("aws:eks/cluster:Cluster", "eks");
    expect(inputs.kubernetesNetworkConfig).toEqual({ ipFamily: "ipv6" });
    expect(inputs.vpcConfig.subnetIds).toEqual(["subnet-a", "subnet-b", "subnet-c"]);
    expect(inputs.vpcConfig.securityGroupIds).toEqual(["eks-nodes-id"]);
    expect(inputs.version).toBe("1.33");
    expect(inputs.roleArn).toBe("arn:aws:iam::123456789012:role/eks-cluster-a1b2c3d");
  });

  it("gives the cluster role AmazonEKSClusterPolicy (mocks)", () => {
    const role = mocks.one("aws:iam/role:Role", "eks-cluster").inputs;
    expect(JSON.parse(role.assumeRolePolicy).Statement[0].Principal).toEqual({ Service: "eks.amazonaws.com" });
    expect(mocks.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "eks-cluster-policy").inputs).toEqual({ role: "eks-cluster-a1b2c3d", policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" });
  });

  it("gives the node role the worker and ECR policies and the CNI IPv6 permissions inline (mocks)", () => {
    const attached = mocks.of("aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter((a) => a.inputs.role === "eks-node-a1b2c3d").map((a) => a.inputs.policyArn);
    expect(attached.sort()).toEqual(["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"]);
    const inline = mocks.one("aws:iam/rolePolicy:RolePolicy", "eks-cni-ipv6").inputs;
    expect(inline.role).toBe("eks-node-a1b2c3d");
    const actions = JSON.parse(inline.policy).Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions).toContain("ec2:AssignIpv6Addresses");
    expect(actions).toEqual(expect.arrayContaining([...CNI_ACTIONS, "ec2:CreateTags"]));
  });

  it("allows egress to 0.0.0.0/0 AND ::/0 (mocks)", () => {
    expect(rule("Egress", "eks-out-v4")).toMatchObject({ securityGroupId: "eks-nodes-id", ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });
    expect(rule("Egress", "eks-out-v6")).toMatchObject({ securityGroupId: "eks-nodes-id", ipProtocol: "-1", cidrIpv6: "::/0" });
  });

  it("allows ICMPv6 and node-to-node traffic in both families (mocks)", () => {
    expect(rule("Ingress", "eks-in-icmpv6")).toMatchObject({ ipProtocol: "icmpv6", fromPort: -1, toPort: -1, cidrIpv6: "::/0" });
    expect(rule("Ingress", "eks-in-vpc-v6")).toMatchObject({ ipProtocol: "-1", cidrIpv6: VPC.ipv6CidrBlock });
    expect(rule("Ingress", "eks-in-vpc-v4")).toMatchObject({ ipProtocol: "-1", cidrIpv4: VPC.cidrBlock });
    expect(rule("Ingress", "eks-in-self")).toMatchObject({ ipProtocol: "-1", referencedSecurityGroupId: "eks-nodes-id" });
    expect(mocks.calls.find((c) => c.token === "aws:ec2/getVpc:getVpc")?.inputs).toMatchObject({ id: "vpc-0abc" });
    expect(mocks.one("aws:ec2/securityGroup:SecurityGroup", "eks-nodes").inputs.vpcId).toBe("vpc-0abc");
  });

  it("puts the nodes in both our group and EKS's cluster group via a launch template (mocks)", () => {
    const template = mocks.one("aws:ec2/launchTemplate:LaunchTemplate", "eks-nodes").inputs;
    expect(template.vpcSecurityGroupIds).toEqual(["eks-nodes-id", "sg-0eks0cluster0001"]);
    const group = mocks.one("aws:eks/nodeGroup:NodeGroup", "eks-nodes").inputs;
    expect(group).toMatchObject({
      clusterName: "eks-5f3c2a1",
      nodeRoleArn: "arn:aws:iam::123456789012:role/eks-node-a1b2c3d",
      subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
      instanceTypes: ["m7i.large"],
      scalingConfig: { desiredSize: 3, minSize: 3, maxSize: 3 },
      launchTemplate: { id: "eks-nodes-id", version: "1" },
    });
  });

  it("installs the vpc-cni addon (mocks)", () => {
    expect(mocks.one("aws:eks/addon:Addon", "eks-vpc-cni").inputs).toMatchObject({ addonName: "vpc-cni", clusterName: "eks-5f3c2a1" });
  });

  it("warns, on the component, that pods are IPv6-only, and says so in its outputs (mocks)", () => {
    expect(warn).toHaveBeenCalledWith(EKS_NOTE, eks);
    expect(EKS_NOTE).toBe("EKS cannot run dual-stack pods; pods are IPv6-only and the ingress is a dual-stack NLB");
    expect(eks.podIpFamilies).toEqual(["IPv6"]);
    expect(eks.dualStackPods).toBe(false);
    expect(eks.note).toBe(EKS_NOTE);
  });

  it("outputs a get-token kubeconfig for the cluster as a secret (mocks)", async () => {
    expect(await pulumi.isSecret(eks.kubeconfig)).toBe(true);
    const k = parse(await valueOf(eks.kubeconfig));
    expect(k.clusters[0]).toEqual({ name: "eks-5f3c2a1", cluster: { server: EKS_ENDPOINT, "certificate-authority-data": EKS_CA } });
    expect(k.users[0].user.exec.args).toEqual(["--region", "eu-central-1", "eks", "get-token", "--cluster-name", "eks-5f3c2a1", "--output", "json"]);
  });

  it("refuses bad input before registering anything, naming the key (mocks)", () => {
    const before = mocks.resources.length;
    const cases: [Partial<EksIpv6ClusterArgs>, string][] = [
      [{ subnetIds: ["subnet-a"] }, "subnetIds"],
      [{ nodeCount: 0 }, "nodeCount"],
      [{ instanceType: "large" }, "instanceType"],
      [{ kubernetesVersion: "1.20" }, "kubernetesVersion"],
    ];
    for (const [override, key] of cases) {
      let caught: unknown;
      try {
        new EksIpv6Cluster("bad", { ...args, ...override });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(InputError);
      expect((caught as InputError).key).toBe(key);
    }
    expect(mocks.resources.length).toBe(before);
  });
});
