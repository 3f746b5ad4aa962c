// A first `pulumi preview`: ids, names, endpoints and the subnets/VPC the
// components get are all unknown. Under Pulumi mocks in preview mode (every
// computed output unknown) each component must still register its resources
// with the dual-stack settings it knows, keep the kubeconfig a secret, and not
// call the credential/VPC lookups with unknown arguments.
import * as pulumi from "@pulumi/pulumi";
import { planAddresses } from "../../../../components/addressing";
import { AksDualStackCluster, DualStackWorkloads, EKS_NOTE, EksIpv6Cluster } from "../../../../components/runtime/managed";
import { installMocks, isKnown, MockState, settle, unknownString } from "./mocks";

// Pulumi mocks running whole components cost seconds of CPU on a busy machine
// (loading the providers' modules, a stack trace per SDK promise): nearly 5 s
// for one test here under load, against jest's default 5 s.
jest.setTimeout(60_000);

const PLAN = planAddresses({ name: "preview", ipv4Supernet: "10.80.0.0/16", zones: ["1"], nodeCount: 2, ingressCount: 2 });

describe("managed components with unknown values (mocks, preview)", () => {
  let mocks: MockState;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    mocks = await installMocks({ preview: true });
    warn = jest.spyOn(pulumi.log, "warn").mockResolvedValue();
  });
  afterAll(() => warn.mockRestore());

  it("AKS: registers the dual-stack cluster; the kubeconfig is unknown, secret, and not fetched yet (mocks)", async () => {
    const aks = new AksDualStackCluster("aks", {
      resourceGroupName: unknownString("rg"),
      location: "westeurope",
      plan: PLAN,
      subnetId: unknownString("subnet"),
      nodeCount: 2,
      vmSize: "Standard_D2s_v5",
      networkPlugin: "cilium",
    });
    expect(await isKnown(aks.kubeconfig)).toBe(false);
    expect(await pulumi.isSecret(aks.kubeconfig)).toBe(true);
    expect(await isKnown(aks.fqdn)).toBe(false);
    await settle(mocks);
    const { inputs } = mocks.one("azure-native:containerservice:ManagedCluster", "aks");
    expect(inputs.networkProfile).toMatchObject({ ipFamilies: ["IPv4", "IPv6"], podCidrs: [PLAN.kubernetes.clusterCidrV4, PLAN.kubernetes.clusterCidrV6] });
    expect(mocks.one("azure-native:authorization:RoleAssignment")).toBeDefined();
    expect(mocks.calls.filter((c) => c.token.includes("listManagedClusterUserCredentials"))).toEqual([]);
  });

  it("EKS: registers the IPv6 cluster and its rules; the kubeconfig is unknown and secret; no VPC lookup yet (mocks)", async () => {
    const eks = new EksIpv6Cluster("eks", { vpcId: unknownString("vpc"), subnetIds: [unknownString("sn-a"), unknownString("sn-b")], nodeCount: 2, instanceType: "t3.medium" });
    expect(await isKnown(eks.kubeconfig)).toBe(false);
    expect(await pulumi.isSecret(eks.kubeconfig)).toBe(true);
    await settle(mocks);
    expect(mocks.one("aws:eks/cluster:Cluster", "eks").inputs.kubernetesNetworkConfig).toEqual({ ipFamily: "ipv6" });
    expect(mocks.one("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "eks-out-v6").inputs.cidrIpv6).toBe("::/0");
    expect(mocks.one("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "eks-in-icmpv6").inputs.ipProtocol).toBe("icmpv6");
    expect(mocks.one("aws:eks/nodeGroup:NodeGroup", "eks-nodes")).toBeDefined();
    expect(mocks.calls.filter((c) => c.token === "aws:ec2/getVpc:getVpc")).toEqual([]);
    expect(warn).toHaveBeenCalledWith(EKS_NOTE, eks);
  });

  it("Workloads: an unknown kubeconfig still yields the RequireDualStack Service; its ingress is unknown (mocks)", async () => {
    const app = new DualStackWorkloads("app", { kubeconfig: pulumi.secret(unknownString("kubeconfig")), family: "dual", ingress: "generic" });
    expect(await isKnown(app.ingress)).toBe(false);
    await settle(mocks);
    expect(mocks.one("kubernetes:core/v1:Service", "app-service").inputs.spec).toMatchObject({ ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"] });
  });
});
