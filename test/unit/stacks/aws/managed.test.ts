// runtime: kubernetes + kubernetes.mode: managed on AWS: the same dual-stack
// VPC, then EKS (IPv6 pods) over the private subnets and the demo app behind
// a dual-stack NLB made by the AWS Load Balancer Controller. No EC2 nodes or
// NLB of our own. Under Pulumi mocks.
import * as pulumi from "@pulumi/pulumi";
import { EKS_NOTE } from "../../../../components/runtime/managed/eks";
import { AwsMocks, awsConfig, EKS_NLB_HOSTNAME, installAwsMocks, resolved, runAwsStack } from "./mocks";

describe("AWS stack with managed Kubernetes (mocks)", () => {
  let mocks: AwsMocks;
  let outputs: Record<string, unknown>;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
    mocks = await installAwsMocks();
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
