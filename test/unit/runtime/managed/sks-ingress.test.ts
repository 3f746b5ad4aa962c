// The SKS dual-stack ingress: the DaemonSet, ConfigMap and scripts it renders
// (pure; haproxy.cfg through the real `haproxy -c`), and the component's
// @pulumi/kubernetes resources under Pulumi mocks (no cluster or Kubernetes
// plugin here). The data path itself runs on real netns in
// test/integration/sks-ingress.
import * as pulumi from "@pulumi/pulumi";
import type { MockResourceArgs } from "@pulumi/pulumi/runtime";
import { InputError, KubeObject } from "../../../../components/runtime";
import {
  eipRouteTargets,
  renderEipRoutesScript,
  renderSksHaproxyConfig,
  serviceIpPair,
  SKS_EIP_HEALTHCHECK,
  SKS_INGRESS_DEFAULTS,
  SksDualStackIngress,
  sksIngressObjects,
} from "../../../../components/runtime/managed";
import { ConfigFiles, haproxyCheck } from "../../../support/validators";
import { thrownBy } from "../../../support/errors";

const files = new ConfigFiles();
afterAll(() => files.cleanup());

const EIPS = { ipv4: "194.182.160.10", ipv6: "2a04:c43:e00:6b2e::10" };
const SERVICE_IPS = { ipv4: "10.96.12.34", ipv6: "fd00:10:96::1a2b" };
const ARGS = { eips: EIPS, serviceIps: SERVICE_IPS, servicePort: 80 };

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const byKind = (objects: KubeObject[], kind: string) => {
  const found = objects.filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return found[0] as KubeObject & Spec;
};

const errorOf = (fn: () => unknown): InputError => thrownBy(fn, InputError);

describe("sksIngressObjects (pure)", () => {
  const objects = sksIngressObjects(ARGS);
  const ds = byKind(objects, "DaemonSet");
  const pod = ds.spec.template.spec;
  const container = (name: string) => pod.containers.find((c: Spec) => c.name === name);

  it("renders a privileged-namespace, a ConfigMap and a DaemonSet, and no Service (nothing that could become an IPv4-only NLB)", () => {
    expect(objects.map((o) => o.kind)).toEqual(["Namespace", "ConfigMap", "DaemonSet"]);
    expect(byKind(objects, "Namespace").metadata.labels).toMatchObject({ "pod-security.kubernetes.io/enforce": "privileged" });
  });

  it("runs haproxy on the host network on port 80 of every node, probed at the monitor URI the EIP healthcheck uses", () => {
    expect(pod.hostNetwork).toBe(true);
    const haproxy = container("haproxy");
    expect(haproxy.ports).toEqual([{ name: "http", containerPort: 80, hostPort: 80, protocol: "TCP" }]);
    expect(haproxy.readinessProbe.httpGet).toEqual({ path: SKS_EIP_HEALTHCHECK.uri, port: SKS_EIP_HEALTHCHECK.port });
    expect(haproxy.securityContext.capabilities).toEqual({ drop: ["ALL"], add: ["NET_BIND_SERVICE"] });
  });

  it("keeps the EIP routes in a sidecar with NET_ADMIN only, from the same image (its busybox has ip)", () => {
    const sidecar = container("eip-routes");
    expect(sidecar.securityContext.capabilities).toEqual({ drop: ["ALL"], add: ["NET_ADMIN"] });
    expect(sidecar.image).toBe(container("haproxy").image);
    expect(sidecar.image).toBe(SKS_INGRESS_DEFAULTS.image);
    const data = byKind(objects, "ConfigMap").data;
    expect(data["eip-routes.sh"]).toBe(renderEipRoutesScript(EIPS));
  });

  it("rolls the pods when the addresses change (config hash in the pod template)", () => {
    const hash = (o: KubeObject[]) => byKind(o, "DaemonSet").spec.template.metadata.annotations["dualstack/config-hash"];
    expect(hash(objects)).toMatch(/^[0-9a-f]{16}$/);
    expect(hash(sksIngressObjects(ARGS))).toBe(hash(objects));
    expect(hash(sksIngressObjects({ ...ARGS, serviceIps: { ...SERVICE_IPS, ipv6: "fd00:10:96::99" } }))).not.toBe(hash(objects));
    expect(hash(sksIngressObjects({ ...ARGS, eips: { ...EIPS, ipv4: "194.182.160.11" } }))).not.toBe(hash(objects));
  });

  it("haproxy.cfg sends each family to the Service's cluster IP of that family and passes haproxy -c", () => {
    const cfg: string = byKind(objects, "ConfigMap").data["haproxy.cfg"];
    expect(cfg).toContain("bind ipv4@0.0.0.0:80");
    expect(cfg).toContain("bind ipv6@[::]:80 v6only");
    expect(cfg).toContain(`server app-service ipv4@${SERVICE_IPS.ipv4}:80 check`);
    expect(cfg).toContain(`server app-service ipv6@[${SERVICE_IPS.ipv6}]:80 check`);
    expect(cfg).toContain(`monitor-uri ${SKS_EIP_HEALTHCHECK.uri}`);
    const r = haproxyCheck(files, cfg);
    expect(r.output).toContain("Configuration file is valid");
    expect(r.status).toBe(0);
  });

  it("rejects bad input naming the key", () => {
    expect(errorOf(() => sksIngressObjects({ ...ARGS, eips: { ...EIPS, ipv6: "10.0.0.1" } })).key).toBe("eips.ipv6");
    expect(errorOf(() => sksIngressObjects({ ...ARGS, eips: { ...EIPS, ipv4: "194.182.160.10/32" } })).key).toBe("eips.ipv4");
    expect(errorOf(() => sksIngressObjects({ ...ARGS, port: 0 })).key).toBe("port");
    expect(errorOf(() => sksIngressObjects({ ...ARGS, image: "Not An Image" })).key).toBe("image");
    expect(errorOf(() => sksIngressObjects({ ...ARGS, namespace: "Bad_NS" })).key).toBe("namespace");
    expect(() => renderSksHaproxyConfig({ ...ARGS, serviceIps: { ipv4: SERVICE_IPS.ipv6, ipv6: SERVICE_IPS.ipv4 } })).toThrow(/servers\[0\]\.ipv4/);
  });
});

describe("serviceIpPair and the EIP route targets (pure)", () => {
  it("pairs the cluster IPs by family, in either order", () => {
    expect(serviceIpPair([SERVICE_IPS.ipv4, SERVICE_IPS.ipv6])).toEqual(SERVICE_IPS);
    expect(serviceIpPair([SERVICE_IPS.ipv6, SERVICE_IPS.ipv4])).toEqual(SERVICE_IPS);
  });

  it.each([[[]], [[SERVICE_IPS.ipv4]], [[SERVICE_IPS.ipv6]], [undefined], [[SERVICE_IPS.ipv4, "10.96.0.2"]]])(
    "refuses %j: the Service is not dual-stack",
    (ips) => {
      const err = errorOf(() => serviceIpPair(ips as string[] | undefined));
      expect(err.key).toBe("service.spec.clusterIPs");
      expect(err.message).toMatch(/RequireDualStack/);
    },
  );

  it("routes /32 and /128 in canonical form", () => {
    expect(eipRouteTargets({ ipv4: "194.182.160.10", ipv6: "2A04:0C43:0E00:6B2E:0:0:0:10" })).toEqual({ ipv4: "194.182.160.10/32", ipv6: "2a04:c43:e00:6b2e::10/128" });
  });

  it("the script adds both routes, re-checks them, and deletes them on TERM", () => {
    const script = renderEipRoutesScript({ ...EIPS, intervalSeconds: 7 });
    expect(script).toContain(`ip -4 route replace local ${EIPS.ipv4}/32 dev lo table local`);
    expect(script).toContain(`ip -6 route replace local ${EIPS.ipv6}/128 dev lo table local`);
    expect(script).toContain(`ip -6 route del local ${EIPS.ipv6}/128 dev lo table local`);
    expect(script).toContain("trap 'remove; exit 0' TERM INT");
    expect(script).toContain("sleep 7 &");
    expect(errorOf(() => renderEipRoutesScript({ ...EIPS, intervalSeconds: 0 })).key).toBe("intervalSeconds");
  });
});

describe("SksDualStackIngress (mocks: no Kubernetes plugin or cluster here)", () => {
  const created: MockResourceArgs[] = [];
  beforeAll(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource(args) {
          created.push(args);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "dualstack",
      "test",
      false,
    );
  });

  it("creates namespace, ConfigMap and DaemonSet on the given provider, rendered from the Service's cluster IPs", async () => {
    const { Provider } = await import("@pulumi/kubernetes/provider");
    const provider = new Provider("sks", { kubeconfig: "apiVersion: v1" });
    const ingress = new SksDualStackIngress("ingress", {
      provider,
      eips: { ipv4: pulumi.output(EIPS.ipv4), ipv6: pulumi.output("2A04:C43:E00:6B2E::10") },
      serviceClusterIps: pulumi.output([SERVICE_IPS.ipv6, SERVICE_IPS.ipv4]),
      servicePort: 80,
    });
    const eips = await new Promise((resolve) => ingress.eips.apply(resolve));
    expect(eips).toEqual(EIPS);
    await new Promise((resolve) => ingress.daemonSet.urn.apply(resolve));
    const types = created.map((r) => r.type);
    expect(types).toEqual(expect.arrayContaining(["kubernetes:core/v1:Namespace", "kubernetes:core/v1:ConfigMap", "kubernetes:apps/v1:DaemonSet"]));
    const k8s = created.filter((r) => r.type.startsWith("kubernetes:") && r.type !== "pulumi:providers:kubernetes");
    for (const r of k8s) expect(r.provider).toMatch(/pulumi:providers:kubernetes::sks::sks-id$/);
    const cm = created.find((r) => r.type === "kubernetes:core/v1:ConfigMap");
    expect(cm?.inputs.metadata).toMatchObject({ name: "dualstack-ingress", namespace: "dualstack-ingress" });
    expect(cm?.inputs.data["haproxy.cfg"]).toContain(`ipv6@[${SERVICE_IPS.ipv6}]:80`);
    expect(cm?.inputs.data["eip-routes.sh"]).toContain(`${EIPS.ipv6}/128`);
    const ds = created.find((r) => r.type === "kubernetes:apps/v1:DaemonSet");
    expect(ds?.inputs.spec.template.spec.hostNetwork).toBe(true);
  });
});
