// Kubernetes manifests: every Service the project renders requires both
// families, isDualStackService says so correctly, and the demo objects are
// what k3s will apply.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import {
  demoManifests,
  DemoManifestArgs,
  isDualStackService,
  isDualStackServiceSpec,
  K3S_DEFAULTS,
  K3S_INSTALL,
  k3sCloudConfig,
  k3sServerCount,
  KubeObject,
} from "../../../components/runtime";
import {
  EKS_SINGLE_STACK_REASON,
  managedWorkloadObjects,
  SINGLE_STACK_REASON_KEY,
} from "../../../components/runtime/managed/workloads";
import { APP_SOURCE, PLANS, pyYamlLoad, REPO, TOKEN } from "./helpers";

const VARIANTS: [string, DemoManifestArgs][] = [
  ["defaults (LoadBalancer)", { source: APP_SOURCE }],
  ["ClusterIP", { source: APP_SOURCE, serviceType: "ClusterIP" }],
  ["own image, no source", { image: "ghcr.io/example/demo-app:1.2.3", serviceType: "ClusterIP", publicPort: 8080, replicas: 5 }],
  ["other names", { source: APP_SOURCE, namespace: "web", name: "hello", containerPort: 3000 }],
];

/** Every Kubernetes object the project renders: the demo manifests in each variant, and what each k3s server's user data deploys. */
function everyRenderedObject(): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [title, args] of VARIANTS) {
    const { objects, yaml } = demoManifests(args);
    objects.forEach((o) => out.push([`demoManifests ${title}: ${o.kind}`, o]));
    // The YAML stream too, parsed as Kubernetes (YAML 1.1) would.
    parseAllDocuments(yaml, { version: "1.1" }).forEach((doc) => out.push([`demoManifests ${title} (YAML): ${doc.get("kind")}`, doc.toJS()]));
  }
  for (const [title, plan] of PLANS) {
    for (const node of plan.nodes) {
      const config = k3sCloudConfig({ plan, node: node.name, token: TOKEN, servers: k3sServerCount(plan.nodes.length), app: { source: APP_SOURCE } });
      for (const file of config.write_files.filter((f) => f.path.startsWith(K3S_DEFAULTS.manifestsDir))) {
        parseAllDocuments(file.content, { version: "1.1" }).forEach((doc) => out.push([`k3s user data ${title} ${node.name}: ${doc.get("kind")}`, doc.toJS()]));
      }
    }
  }
  // Managed clusters that can do dual-stack Services (AKS, SKS behind EIPs, generic).
  for (const ingress of ["azure-lb", "exoscale-eip", "generic"] as const) {
    managedWorkloadObjects({ family: "dual", ingress, app: { source: APP_SOURCE } }).forEach((o) =>
      out.push([`managed workloads dual/${ingress}: ${o.kind}`, o]),
    );
  }
  return out;
}
const ALL = everyRenderedObject();
const SERVICES = ALL.filter(([, o]) => (o as KubeObject).kind === "Service");

describe("every Service the project renders is dual-stack", () => {
  test("there are Services to check (from every source)", () => {
    expect(SERVICES.length).toBeGreaterThanOrEqual(VARIANTS.length * 2 + 1);
    expect(SERVICES.some(([t]) => t.startsWith("k3s user data"))).toBe(true);
  });
  test.each(SERVICES)("%s", (_title, service) => {
    expect(isDualStackService(service)).toBe(true);
    expect((service as { spec: { ipFamilies: string[] } }).spec.ipFamilies).toEqual(["IPv4", "IPv6"]);
  });

  // The one exception: EKS pods are IPv6-only, so its Service cannot be dual-stack;
  // it says why (for the policy pack) and its NLB stays dual-stack.
  test("the EKS Service is single-stack only with its reason and a dual-stack NLB", () => {
    const [service] = managedWorkloadObjects({ family: "ipv6-only", ingress: "aws-nlb", app: { source: APP_SOURCE } }).filter(
      (o) => o.kind === "Service",
    ) as unknown as { metadata: { annotations: Record<string, string> }; spec: { ipFamilies: string[] } }[];
    expect(service.spec.ipFamilies).toEqual(["IPv6"]);
    expect(service.metadata.annotations[SINGLE_STACK_REASON_KEY]).toBe(EKS_SINGLE_STACK_REASON);
    expect(service.metadata.annotations["service.beta.kubernetes.io/aws-load-balancer-ip-address-type"]).toBe("dualstack");
  });

  // A new renderer of Services must be added to everyRenderedObject() above.
  test("no other file in components/ or stacks/ renders a Service", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".ts")) files.push(path);
      }
    };
    walk(join(REPO, "components"));
    walk(join(REPO, "stacks"));
    const producers = files.filter((f) =>
      /kind:\s*["']Service["']|kind:\s*Service\b|core\/v1\.Service\b|\.core\.v1\.Service\(|corev1\.Service\b/.test(readFileSync(f, "utf8")),
    );
    expect(producers.map((f) => relative(REPO, f)).sort()).toEqual([
      "components/runtime/kubernetes/manifests.ts",
      "components/runtime/managed/workloads.ts",
    ]);
  });
});

describe("isDualStackService", () => {
  const good = { apiVersion: "v1", kind: "Service", metadata: { name: "x" }, spec: { ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"] } };
  const withSpec = (spec: Record<string, unknown>) => ({ ...good, spec: { ...good.spec, ...spec } });
  test("accepts RequireDualStack with both families, in either order", () => {
    expect(isDualStackService(good)).toBe(true);
    expect(isDualStackService(withSpec({ ipFamilies: ["IPv6", "IPv4"] }))).toBe(true);
    expect(isDualStackService(withSpec({ clusterIP: "None" }))).toBe(true);
  });
  test.each([
    ["no policy (SingleStack default)", { ...good, spec: { ipFamilies: ["IPv4", "IPv6"] } }],
    ["PreferDualStack", withSpec({ ipFamilyPolicy: "PreferDualStack" })],
    ["SingleStack", withSpec({ ipFamilyPolicy: "SingleStack", ipFamilies: ["IPv6"] })],
    ["one family", withSpec({ ipFamilies: ["IPv4"] })],
    ["no families", withSpec({ ipFamilies: undefined })],
    ["a family twice", withSpec({ ipFamilies: ["IPv4", "IPv4"] })],
    ["three families", withSpec({ ipFamilies: ["IPv4", "IPv6", "IPv6"] })],
    ["lowercase families", withSpec({ ipFamilies: ["ipv4", "ipv6"] })],
    ["ExternalName", withSpec({ type: "ExternalName" })],
    ["not a Service", { ...good, kind: "Deployment" }],
    ["no spec", { kind: "Service" }],
    ["null", null],
    ["a string", "Service"],
  ])("refuses %s", (_what, obj) => {
    expect(isDualStackService(obj)).toBe(false);
  });
  test("isDualStackServiceSpec takes a bare spec (Pulumi resource inputs)", () => {
    expect(isDualStackServiceSpec(good.spec)).toBe(true);
    expect(isDualStackServiceSpec({ ipFamilyPolicy: "PreferDualStack", ipFamilies: ["IPv4", "IPv6"] })).toBe(false);
  });
});

describe("the demo objects", () => {
  test("namespace, source, deployment, service; YAML reads back the same in PyYAML", () => {
    const { objects, yaml } = demoManifests({ source: APP_SOURCE });
    expect(objects.map((o) => o.kind)).toEqual(["Namespace", "ConfigMap", "Deployment", "Service"]);
    const docs = yaml.split(/^---\n/m).filter((d) => d.trim() !== "");
    expect(docs.map((d) => pyYamlLoad(d))).toEqual(JSON.parse(JSON.stringify(objects)));
    expect(yaml).not.toMatch(/[&*]a\d/); // no anchors/aliases
    const cm = objects[1] as KubeObject & { data: Record<string, string> };
    expect(cm.data["server.js"]).toBe(APP_SOURCE);
    const deployment = objects[2] as unknown as { spec: { template: { spec: { containers: { args: string[]; env: unknown[]; image: string }[] } } } };
    const container = deployment.spec.template.spec.containers[0];
    expect(container.image).toBe("docker.io/library/node:22-alpine");
    expect(container.args).toEqual(["node", "/app/server.js"]);
    expect(container.env).toContainEqual({ name: "K8S_NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } });
    expect(container.env).toContainEqual({ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } });
    // Defined after the two it refers to: Kubernetes expands $(VAR) from earlier entries only.
    const names = (container.env as { name: string }[]).map((e) => e.name);
    expect(names.indexOf("NODE_NAME")).toBeGreaterThan(names.indexOf("POD_NAME"));
    expect(container.env).toContainEqual({ name: "NODE_NAME", value: "$(K8S_NODE)/$(POD_NAME)" });
    expect(container.env).toContainEqual({ name: "BIND", value: "::" });
    const service = objects[3] as unknown as { spec: { type: string; ports: unknown[] } };
    expect(service.spec.type).toBe("LoadBalancer");
    expect(service.spec.ports).toEqual([{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }]);
  });

  test("an own image needs no source and gets no ConfigMap", () => {
    const { objects } = demoManifests({ image: "ghcr.io/example/demo-app:1.2.3" });
    expect(objects.map((o) => o.kind)).toEqual(["Namespace", "Deployment", "Service"]);
  });

  test("a NodePort Service keeps both families and takes a fixed port", () => {
    const svc = demoManifests({ source: APP_SOURCE, serviceType: "NodePort", nodePort: 30080 }).objects.find((o) => o.kind === "Service")!;
    expect(svc.spec).toMatchObject({ type: "NodePort", ipFamilyPolicy: "RequireDualStack", ipFamilies: ["IPv4", "IPv6"], ports: [{ nodePort: 30080 }] });
  });

  test("bad arguments name the field", () => {
    expect(() => demoManifests({})).toThrow(/^manifests\.source: \(not set\) is needed with the default image/);
    expect(() => demoManifests({ source: APP_SOURCE, serviceType: "ExternalName" as "ClusterIP" })).toThrow(/^manifests\.serviceType: "ExternalName" is not supported; use "LoadBalancer", "ClusterIP" or "NodePort"$/);
    expect(() => demoManifests({ source: APP_SOURCE, serviceType: "NodePort", nodePort: 80 })).toThrow(/^manifests\.nodePort: 80 is out of range; use an integer 30000\.\.32767$/);
    expect(() => demoManifests({ source: APP_SOURCE, nodePort: 30080 })).toThrow(/^manifests\.nodePort: 30080 is only for serviceType NodePort, not LoadBalancer; leave it out, or use serviceType NodePort$/);
    expect(() => demoManifests({ source: APP_SOURCE, namespace: "Demo_NS" })).toThrow(/^manifests\.namespace: "Demo_NS" is not valid/);
    expect(() => demoManifests({ source: APP_SOURCE, replicas: 0 })).toThrow(/^manifests\.replicas: 0 is out of range; use an integer 1\.\.100$/);
    expect(() => demoManifests({ source: "x".repeat(9000) })).toThrow(/^manifests\.source: "\(9000 bytes\)" is larger than 8192 bytes/);
  });

  test("the manifests file on a server is the rendered YAML", () => {
    const [, plan] = PLANS[0];
    const config = k3sCloudConfig({ plan, node: "node-1", token: TOKEN, app: { source: APP_SOURCE, serviceType: "ClusterIP" } });
    const file = config.write_files.find((f) => f.path === `${K3S_DEFAULTS.manifestsDir}/${K3S_INSTALL.manifestFile}`);
    expect(file?.content).toBe(demoManifests({ source: APP_SOURCE, serviceType: "ClusterIP" }).yaml);
  });
});
