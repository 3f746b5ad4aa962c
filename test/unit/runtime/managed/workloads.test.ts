// The demo app on managed clusters: the Service shaping (pure) and the
// @pulumi/kubernetes resources under Pulumi mocks (no cluster here).
import * as pulumi from "@pulumi/pulumi";
import { InputError, demoManifests, isDualStackService, KubeObject } from "../../../../components/runtime";
import {
  AWS_DUAL_STACK_NLB,
  DualStackWorkloads,
  loadBalancerIngress,
  managedWorkloadObjects,
  SINGLE_STACK_REASON_KEY,
  WorkloadFamily,
  WorkloadIngress,
} from "../../../../components/runtime/managed";
import { APP_SOURCE } from "../helpers";
import { AZURE_LB_IPS, installMocks, MockState, NLB_HOSTNAME, settle, valueOf } from "./mocks";

const APP = { source: APP_SOURCE };
const serviceOf = (objects: KubeObject[]) => objects.filter((o) => o.kind === "Service");

describe("managedWorkloadObjects (pure)", () => {
  const dual: WorkloadIngress[] = ["azure-lb", "aws-nlb", "generic"];
  it.each(dual)("family dual, ingress %s: every Service is a RequireDualStack LoadBalancer with both families", (ingress) => {
    const services = serviceOf(managedWorkloadObjects({ family: "dual", ingress, app: APP }));
    expect(services).toHaveLength(1);
    for (const s of services) {
      expect(isDualStackService(s)).toBe(true);
      expect(s.spec).toMatchObject({ type: "LoadBalancer", ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"] });
      expect(s.metadata).not.toHaveProperty(["annotations", SINGLE_STACK_REASON_KEY]);
    }
  });

  it("Azure LB: externalTrafficPolicy Local, so IPv6 health probes reach a node", () => {
    const [s] = serviceOf(managedWorkloadObjects({ family: "dual", ingress: "azure-lb", app: APP }));
    expect(s.spec).toMatchObject({ externalTrafficPolicy: "Local" });
    expect(s.metadata).not.toHaveProperty("annotations");
  });

  it("EKS (ipv6-only): a SingleStack IPv6 Service behind an internet-facing dual-stack NLB, with the reason written down", () => {
    const [s] = serviceOf(managedWorkloadObjects({ family: "ipv6-only", ingress: "aws-nlb", app: APP }));
    expect(s.spec).toMatchObject({ type: "LoadBalancer", ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv6"] });
    expect(isDualStackService(s)).toBe(false);
    const annotations = (s.metadata as { annotations?: Record<string, string> }).annotations;
    expect(annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-type": "external",
      "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
      "service.beta.kubernetes.io/aws-load-balancer-ip-address-type": "dualstack",
      "dualstack/single-stack-reason": "EKS pods are IPv6-only",
    });
  });

  it("Exoscale EIPs: a RequireDualStack ClusterIP Service (a LoadBalancer would become an IPv4-only NLB on SKS)", () => {
    const services = serviceOf(managedWorkloadObjects({ family: "dual", ingress: "exoscale-eip", app: APP }));
    expect(services).toHaveLength(1);
    expect(isDualStackService(services[0])).toBe(true);
    expect(services[0].spec).toMatchObject({ type: "ClusterIP", ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"] });
    expect(services[0].metadata).not.toHaveProperty("annotations");
  });

  it("leaves every other object as demoManifests renders it", () => {
    const rendered = managedWorkloadObjects({ family: "ipv6-only", ingress: "aws-nlb", app: APP }).filter((o) => o.kind !== "Service");
    const plain = demoManifests({ ...APP, serviceType: "LoadBalancer" }).objects.filter((o) => o.kind !== "Service");
    expect(rendered).toEqual(plain);
    expect(rendered.map((o) => o.kind)).toEqual(["Namespace", "ConfigMap", "Deployment"]);
  });

  const bad: [WorkloadFamily, WorkloadIngress, string][] = [
    ["ipv6-only", "generic", "ingress"],
    ["ipv6-only", "azure-lb", "ingress"],
    ["ipv6-only", "exoscale-eip", "ingress"],
    ["ipv4-only" as WorkloadFamily, "generic", "family"],
    ["dual", "gcp-lb" as WorkloadIngress, "ingress"],
  ];
  it.each(bad)("refuses family %s with ingress %s, naming %s", (family, ingress, key) => {
    let caught: unknown;
    try {
      managedWorkloadObjects({ family, ingress, app: APP });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).key).toBe(key);
  });
});

describe("loadBalancerIngress (pure)", () => {
  it("splits hostnames (NLB) from IPs (both families) and copes with no status", () => {
    expect(loadBalancerIngress({ loadBalancer: { ingress: [{ hostname: "a.elb.amazonaws.com" }, { ip: "192.0.2.1" }, { ip: "2001:db8::1" }] } })).toEqual({
      hostnames: ["a.elb.amazonaws.com"],
      ips: ["192.0.2.1", "2001:db8::1"],
    });
    expect(loadBalancerIngress(undefined)).toEqual({ hostnames: [], ips: [] });
  });
});

describe("DualStackWorkloads (mocks)", () => {
  let mocks: MockState;
  let aks: DualStackWorkloads;
  let eks: DualStackWorkloads;

  beforeAll(async () => {
    mocks = await installMocks();
    aks = new DualStackWorkloads("aks-app", { kubeconfig: pulumi.secret("apiVersion: v1\nkind: Config\n"), family: "dual", ingress: "azure-lb" });
    eks = new DualStackWorkloads("eks-app", { kubeconfig: pulumi.secret("apiVersion: v1\nkind: Config\n"), family: "ipv6-only", ingress: "aws-nlb" });
    await Promise.all([valueOf(aks.ingress), valueOf(eks.ingress)]);
    await settle(mocks);
  });

  it("registers dualstack:managed:DualStackWorkloads components, each with its own Kubernetes provider (mocks)", () => {
    expect(mocks.of("dualstack:managed:DualStackWorkloads").map((r) => r.name).sort()).toEqual(["aks-app", "eks-app"]);
    expect(mocks.of("pulumi:providers:kubernetes").map((r) => r.name).sort()).toEqual(["aks-app-k8s", "eks-app-k8s"]);
  });

  it("creates the demo Namespace, ConfigMap, Deployment and Service through that provider (mocks)", () => {
    for (const app of ["aks-app", "eks-app"]) {
      const objects = mocks.resources.filter((r) => r.name.startsWith(`${app}-`) && r.type.startsWith("kubernetes:"));
      expect(objects.map((r) => r.type).sort()).toEqual(["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:Namespace", "kubernetes:core/v1:Service"]);
      for (const o of objects) expect(o.provider).toMatch(new RegExp(`pulumi:providers:kubernetes::${app}-k8s::${app}-k8s-id$`));
      expect(objects.find((o) => o.type.endsWith(":Deployment"))?.inputs.metadata).toMatchObject({ name: "demo-app", namespace: "dualstack-demo" });
    }
  });

  it("family dual: every Service requires both families (mocks)", () => {
    const services = mocks.of("kubernetes:core/v1:Service").filter((s) => s.name.startsWith("aks-app-"));
    expect(services).toHaveLength(1);
    for (const s of services) {
      expect(s.inputs.spec).toMatchObject({ type: "LoadBalancer", ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"], externalTrafficPolicy: "Local" });
      expect(isDualStackService({ kind: "Service", spec: s.inputs.spec })).toBe(true);
    }
  });

  it("EKS: the Service carries the dual-stack NLB annotations and the single-stack reason (mocks)", () => {
    const { inputs } = mocks.one("kubernetes:core/v1:Service", "eks-app-service");
    expect(inputs.metadata.annotations).toMatchObject({ ...AWS_DUAL_STACK_NLB, [SINGLE_STACK_REASON_KEY]: "EKS pods are IPv6-only" });
    expect(inputs.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-ip-address-type"]).toBe("dualstack");
    expect(inputs.spec).toMatchObject({ ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv6"] });
  });

  it("outputs the load balancers' addresses: both families on Azure, the NLB hostname on AWS (mocks)", async () => {
    expect(await valueOf(aks.ingress)).toEqual({ hostnames: [], ips: AZURE_LB_IPS });
    expect(await valueOf(eks.ingress)).toEqual({ hostnames: [NLB_HOSTNAME], ips: [] });
  });
});
