// The lab with `runtime: kubernetes` on the real engine (root needed): the
// upstream control plane and a kubelet + containerd + kube-proxy per node, the
// demo app deployed through the real Kubernetes provider as a Deployment and a
// RequireDualStack Service, HAProxy on the ingress hosts reaching it on both
// families, drift, failover and a clean destroy.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseCidr } from "../../../components/addressing";
import { labNames } from "../../../components/lab";
import { kubernetesBinDir } from "../../../components/lab/kubernetes/paths";
import { cgroupDirs, killProcess, listNamespaces, mountsUnder, run, waitFor } from "../../../components/lab/linux";
import { probe, urlFor } from "../../../components/lab/probe/http";
import { expectOk } from "../../../scripts/lib/engine-stack";
import { livingLabProcesses, rootRules, vipHolders } from "../lib/lab-state";
import { applyChange } from "../../../bench/lib/changes";
import { LabStack, type LabOutputs } from "../../../scripts/lib/lab-stack";
import { pulumi, REPO_ROOT } from "../../../scripts/lib/pulumi-cli";
import { loadDemoAppSource } from "../../../components/runtime/demo-app-source";
import { demoManifests, type KubeObject } from "../../../components/runtime/kubernetes/manifests";
import { sksIngressObjects } from "../../../components/runtime/managed/sks-ingress/objects";
import { managedWorkloadObjects, type WorkloadFamily, type WorkloadIngress } from "../../../components/runtime/managed/workloads";

jest.setTimeout(600_000);
const isRoot = process.getuid?.() === 0;
const describeAsRoot = isRoot ? describe : describe.skip;

const STACK = "itest-k8s";
const names = labNames(STACK);

interface KubeOutputs extends LabOutputs {
  kubeconfig: string;
  nodePort: number;
  serviceClusterIps: string[];
  serviceNamespace: string;
  serviceName: string;
}

interface KubeService {
  metadata: { name: string; namespace: string };
  spec: { ipFamilyPolicy: string; ipFamilies: string[]; clusterIPs: string[] };
}

interface KubeList<T> {
  items: T[];
}
interface KubeNode {
  metadata: { name: string };
  spec: { podCIDRs?: string[] };
  status: { conditions: { type: string; status: string }[]; addresses: { type: string; address: string }[] };
}
interface KubePod {
  metadata: { name: string; namespace: string };
  spec: { nodeName: string };
  status: { phase: string; podIPs?: { ip: string }[]; conditions?: { type: string; status: string }[] };
}

function inCidr(address: string, cidr: string): boolean {
  const family = cidr.includes(":") ? 6 : 4;
  const range = parseCidr(cidr, family);
  const own = parseCidr(`${address}/${family === 4 ? 32 : 128}`, family);
  return range.ok && own.ok && range.value.contains(own.value);
}

describeAsRoot("local lab with runtime kubernetes on the real engine", () => {
  const lab = new LabStack({ stack: STACK, ipv4Supernet: "10.91.0.0/16", nodes: 3, ingress: 2, extra: { runtime: "kubernetes" } });
  let out: KubeOutputs;
  let rulesBefore: string;

  async function kubectl<T>(...args: string[]): Promise<T> {
    const { stdout } = await run(path.join(kubernetesBinDir(), "kubectl"), ["--kubeconfig", out.kubeconfig, ...args, "-o", "json"], { timeoutMs: 60_000 });
    return JSON.parse(stdout) as T;
  }
  const appPods = async () =>
    (await kubectl<KubeList<KubePod>>("get", "pods", "-n", out.serviceNamespace, "-l", `app.kubernetes.io/name=${out.serviceName}`)).items;

  /** Pods that answered `count` requests to a VIP; throws on a failed request. */
  async function answers(family: "ipv4" | "ipv6", count: number): Promise<{ node: string; pod: string; family: string }[]> {
    const url = urlFor(out.addressPlan.ingress.vips[family], 80);
    const seen = [];
    for (let i = 0; i < count; i++) {
      const r = await probe(out.clientNamespace, url, 1);
      if (!r.ok) throw new Error(`${url}: ${r.error ?? "no answer"}`);
      seen.push({ node: r.node!, pod: r.pod ?? "", family: r.family! });
    }
    return seen;
  }

  beforeAll(async () => {
    rulesBefore = await rootRules();
    await lab.init();
    expectOk(await lab.up(), "pulumi up");
    out = (await lab.outputs()) as KubeOutputs;
  });

  afterAll(async () => {
    await lab.destroy();
    await lab.remove();
  });

  it("registers every node Ready with an IPv4 and an IPv6 podCIDR: the planned ones", async () => {
    const nodes = (await kubectl<KubeList<KubeNode>>("get", "nodes")).items;
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(out.addressPlan.nodes.map((n) => n.name).sort());
    for (const planned of out.addressPlan.nodes) {
      const node = nodes.find((n) => n.metadata.name === planned.name)!;
      expect(node.spec.podCIDRs).toEqual([planned.podCidrV4, planned.podCidrV6]);
      expect(node.status.conditions.find((c) => c.type === "Ready")?.status).toBe("True");
      const internal = node.status.addresses.filter((a) => a.type === "InternalIP").map((a) => a.address);
      expect(internal).toEqual([planned.ipv4, planned.ipv6]);
    }
  });

  it("gives every app pod an IPv4 and an IPv6 address inside its node's planned ranges", async () => {
    const pods = await appPods();
    expect(pods).toHaveLength(out.addressPlan.nodes.length);
    for (const pod of pods) {
      const node = out.addressPlan.nodes.find((n) => n.name === pod.spec.nodeName)!;
      const ips = (pod.status.podIPs ?? []).map((p) => p.ip);
      expect({ pod: pod.metadata.name, count: ips.length }).toEqual({ pod: pod.metadata.name, count: 2 });
      expect(inCidr(ips[0], node.podCidrV4)).toBe(true);
      expect(inCidr(ips[1], node.podCidrV6)).toBe(true);
    }
  });

  it("allocates the RequireDualStack Service one ClusterIP from each of the plan's service ranges", async () => {
    const k8s = out.addressPlan.kubernetes;
    expect(out.serviceClusterIps).toHaveLength(2);
    expect(inCidr(out.serviceClusterIps[0], k8s.serviceCidrV4)).toBe(true);
    expect(inCidr(out.serviceClusterIps[1], k8s.serviceCidrV6)).toBe(true);
  });

  it("answers through both VIPs from pods on every node, in the family asked", async () => {
    for (const family of ["ipv4", "ipv6"] as const) {
      const seen = await answers(family, 15);
      expect(new Set(seen.map((s) => s.family))).toEqual(new Set([family === "ipv4" ? "IPv4" : "IPv6"]));
      expect(seen.every((s) => s.pod.startsWith(`${out.serviceName}-`))).toBe(true);
    }
    // Every node's NodePort, each family, answers directly too (kube-proxy in the node's namespace).
    for (const node of out.addressPlan.nodes) {
      for (const address of [node.ipv4, node.ipv6]) {
        const r = await probe(out.clientNamespace, urlFor(address, out.nodePort));
        expect({ address, ok: r.ok }).toEqual({ address, ok: true });
      }
    }
  });

  it("reports no changes on a second up", async () => {
    const preview = expectOk(await lab.preview(), "second preview");
    expect(preview.stdout).not.toMatch(/to (create|update|replace|delete)/);
  });

  it("accepts the objects the project renders for the clouds: k3s demo manifests, EKS/AKS/SKS workloads, the SKS ingress", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-k8s-objects-"));
    const kubectlBin = path.join(kubernetesBinDir(), "kubectl");
    const apply = async (objects: KubeObject[], extra: string[] = []) => {
      const file = path.join(tmp, `objects-${Math.random().toString(36).slice(2)}.json`);
      fs.writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items: objects }));
      await run(kubectlBin, ["--kubeconfig", out.kubeconfig, "apply", "--server-side", "--field-manager", "dualstack-test", "-f", file, ...extra], { timeoutMs: 60_000 });
    };
    const source = loadDemoAppSource();
    const k8s = out.addressPlan.kubernetes;
    try {
      // What k3s applies from its manifests directory on the clouds (LoadBalancer: no cloud here, so only ClusterIPs).
      const k3s = demoManifests({ source, namespace: "cloud-k3s" }).objects;
      await apply(k3s);
      // The managed paths' objects, each in its own namespace.
      const variants: [WorkloadFamily, WorkloadIngress][] = [["ipv6-only", "aws-nlb"], ["dual", "azure-lb"], ["dual", "exoscale-eip"], ["dual", "generic"]];
      for (const [family, ingress] of variants) await apply(managedWorkloadObjects({ family, ingress, app: { source, namespace: `cloud-${ingress}` } }));

      const services = (await kubectl<KubeList<KubeService>>("get", "services", "-A")).items.filter((s) => s.metadata.namespace.startsWith("cloud-"));
      expect(services.map((s) => s.metadata.namespace).sort()).toEqual(["cloud-aws-nlb", "cloud-azure-lb", "cloud-exoscale-eip", "cloud-generic", "cloud-k3s"]);
      for (const svc of services) {
        if (svc.metadata.namespace === "cloud-aws-nlb") {
          // EKS pods are IPv6-only: the Service is SingleStack IPv6, the dual-stack NLB in front keeps the ingress dual.
          expect({ policy: svc.spec.ipFamilyPolicy, families: svc.spec.ipFamilies }).toEqual({ policy: "SingleStack", families: ["IPv6"] });
          expect(inCidr(svc.spec.clusterIPs[0], k8s.serviceCidrV6)).toBe(true);
          continue;
        }
        expect({ ns: svc.metadata.namespace, policy: svc.spec.ipFamilyPolicy, families: svc.spec.ipFamilies }).toEqual({ ns: svc.metadata.namespace, policy: "RequireDualStack", families: ["IPv4", "IPv6"] });
        expect(svc.spec.clusterIPs).toHaveLength(2);
        expect(inCidr(svc.spec.clusterIPs[0], k8s.serviceCidrV4)).toBe(true);
        expect(inCidr(svc.spec.clusterIPs[1], k8s.serviceCidrV6)).toBe(true);
      }
      // The SKS ingress (HAProxy DaemonSet on the nodes' network, towards the app's two ClusterIPs): a server-side dry run,
      // as its elastic IPs exist only on Exoscale.
      const eip = services.find((s) => s.metadata.namespace === "cloud-exoscale-eip")!;
      const ingress = sksIngressObjects({ eips: { ipv4: "198.51.100.7", ipv6: "2001:db8::7" }, serviceIps: { ipv4: eip.spec.clusterIPs[0], ipv6: eip.spec.clusterIPs[1] }, servicePort: 80 });
      // The Namespace for real (a dry run cannot hold objects in a namespace it only pretends to make).
      await apply(ingress.filter((o) => o.kind === "Namespace"));
      await apply(ingress.filter((o) => o.kind !== "Namespace"), ["--dry-run=server"]);
      expect(ingress.map((o) => o.kind)).toEqual(expect.arrayContaining(["DaemonSet", "ConfigMap"]));
    } finally {
      for (const ns of ["cloud-k3s", "cloud-aws-nlb", "cloud-azure-lb", "cloud-exoscale-eip", "cloud-generic", "dualstack-ingress"]) {
        await run(kubectlBin, ["--kubeconfig", out.kubeconfig, "delete", "namespace", ns, "--ignore-not-found", "--wait=false"]).catch(() => undefined);
      }
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("passes the policy pack on the lab's preview, and fails it on a SingleStack Service, naming the rule", async () => {
    const passing = await lab.preview(["--policy-pack", "policies"]);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toMatch(/Policies:\s+✅ dualstack@v0\.1\.0 \(local: policies\)/);
    expect(passing.stdout).not.toMatch(/\[(mandatory|advisory)\]/);

    const fixture = path.join(REPO_ROOT, "test/fixtures/k8s-single-stack");
    const stack = "ptest-k8s-single-stack";
    const env = { PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" };
    try {
      expectOk(await pulumi(["-C", fixture, "stack", "select", "--create", stack, "--secrets-provider", "passphrase", "--non-interactive"], env), "fixture stack");
      expectOk(await pulumi(["-C", fixture, "config", "set", "-s", stack, "kubeconfig", out.kubeconfig], env), "fixture config");
      const failing = await pulumi(["-C", fixture, "preview", "-s", stack, "--non-interactive", "--policy-pack", path.join(REPO_ROOT, "policies")], env);
      expect(failing.code).not.toBe(0);
      expect(failing.stdout + failing.stderr).toMatch(/\[mandatory\]\s+k8s-service-dual-stack/);
      expect(failing.stdout + failing.stderr).toContain('Service "single" (ClusterIP) is SingleStack');
    } finally {
      await pulumi(["-C", fixture, "stack", "rm", stack, "--yes", "--force", "--non-interactive"], env);
    }
  });

  it("replaces a deleted pod (Kubernetes does), and the VIPs keep answering", async () => {
    const before = await appPods();
    await run(path.join(kubernetesBinDir(), "kubectl"), ["--kubeconfig", out.kubeconfig, "delete", "pod", "-n", out.serviceNamespace, before[0].metadata.name, "--wait=true"]);
    await waitFor(
      async () => {
        const pods = await appPods();
        const ready = pods.filter((p) => p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"));
        return ready.length === before.length && !pods.some((p) => p.metadata.name === before[0].metadata.name);
      },
      { timeoutMs: 120_000, intervalMs: 1_000, description: "a replacement pod Ready" },
    );
    expect(await answers("ipv4", 4)).toHaveLength(4);
    expect(await answers("ipv6", 4)).toHaveLength(4);
  });

  it("sees a SIGKILLed kubelet as drift that refresh shows and up repairs", async () => {
    const victim = out.addressPlan.nodes[1].name;
    expect(await killProcess(path.join(names.stateDir(victim), "kubernetes", "kubelet-config"), "kubelet", "SIGKILL")).toBe(true);
    expectOk(await lab.refresh(), "pulumi refresh");
    const diff = expectOk(await lab.preview(["--diff"]), "preview after refresh");
    expect(diff.stdout).toMatch(/running\s*:\s*false => true/);
    expect(diff.stdout).toMatch(/node-2-kubelet/);
    expectOk(await lab.up(), "repairing up");
    const again = expectOk(await lab.preview(), "preview after repair");
    expect(again.stdout).not.toMatch(/to (create|update|replace|delete)/);
  });

  it("moves both VIPs to the backup when the master's keepalived is SIGKILLed, and the pods answer in both families", async () => {
    const [master, backup] = out.addressPlan.ingress.hosts.map((h) => h.name);
    expect(await killProcess(names.stateDir(master), "keepalived", "SIGKILL", { group: true })).toBe(true);
    await waitFor(
      async () => {
        const h = await vipHolders(names, out.addressPlan);
        return h.ipv4.includes(backup) && h.ipv6.includes(backup);
      },
      { timeoutMs: 10_000, intervalMs: 20, description: "VIPs on the backup" },
    );
    expect(await answers("ipv4", 4)).toHaveLength(4);
    expect(await answers("ipv6", 4)).toHaveLength(4);
    expectOk(await lab.refresh(), "refresh after failover");
    expectOk(await lab.up(), "up after failover");
  });

  it("drains a node before removing it: nodes.count 3 -> 2 drops no request on either family", async () => {
    const removed = out.addressPlan.nodes[2].name;
    const r = await applyChange(lab, out.clientNamespace, out.addressPlan.ingress.vips, { label: "nodes.count 3 -> 2", to: { ...lab.options, nodes: 2 } });
    expect(r.requests.ipv4).toBeGreaterThan(50);
    expect(r.requests.ipv6).toBeGreaterThan(50);
    expect({ failed: r.failed, failures: r.failures.slice(0, 5) }).toEqual({ failed: { ipv4: 0, ipv6: 0 }, failures: [] });
    out = (await lab.outputs()) as KubeOutputs;
    const nodes = (await kubectl<KubeList<KubeNode>>("get", "nodes")).items.map((n) => n.metadata.name);
    expect(nodes.sort()).toEqual(["node-1", "node-2"]);
    const pods = await appPods();
    expect(pods.map((p) => p.spec.nodeName)).not.toContain(removed);
    expect(pods.filter((p) => p.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"))).toHaveLength(2);
    // The removed node left nothing: no cgroup, no files, no process.
    expect(await cgroupDirs(names.hostNamespace(removed))).toEqual([]);
    expect(fs.existsSync(names.stateDir(removed))).toBe(false);
    expect(livingLabProcesses(names).filter((p) => p.includes(`${names.stateDir(removed)}/`))).toEqual([]);
  });

  it("destroy leaves no namespace, process, mount, cgroup, netfilter rule or file behind", async () => {
    expectOk(await lab.destroy(), "pulumi destroy");
    expect(await listNamespaces(`ds-${STACK}-`)).toEqual([]);
    expect(fs.existsSync(names.stateRoot)).toBe(false);
    await waitFor(() => livingLabProcesses(names).length === 0, { timeoutMs: 10_000, description: "lab processes gone" });
    expect(await mountsUnder(names.stateRoot)).toEqual([]);
    for (const node of out.addressPlan.nodes) expect(await cgroupDirs(names.hostNamespace(node.name))).toEqual([]);
    expect(await rootRules()).toBe(rulesBefore);
  });
});
