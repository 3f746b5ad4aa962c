// `npm run lab:check -- -s <stack>`: from the lab's client namespace, requests
// every endpoint over both families (the two VIPs through HAProxy, and every
// node's app container: IPv6 routed to the container itself, IPv4 through the
// port published on the node) and prints a table; then, per node, what the
// container sees (`ip -6 addr show dev eth0`, `ip -6 route`, via docker exec).
// With runtime kubernetes: every node's NodePort in both families instead of
// the containers, then what the API server says of the nodes' podCIDRs, the
// pods' addresses and the Service's ClusterIPs (kubectl).
// Exits 1 if any request fails.
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { AddressPlan } from "../components/addressing";
import { engineAt, execIn } from "../components/lab/docker/client";
import { kubernetesBinDir } from "../components/lab/kubernetes/paths";
import { run } from "../components/lab/linux";
import { probe, urlFor, type ProbeResult } from "../components/lab/probe/http";
import { stackOutputs } from "./lib/pulumi-cli";

interface Endpoint {
  name: string;
  family: "IPv4" | "IPv6";
  url: string;
}

/** A node's app container, as the local stack outputs it. */
export interface LabContainer {
  node: string;
  namespace: string;
  socket: string;
  name: string;
  ipv4: string;
  ipv6: string;
  publishedIpv4: string;
}

export function endpointsOf(plan: AddressPlan, appPort: number, containers: readonly LabContainer[]): Endpoint[] {
  const list: Endpoint[] = [
    { name: "VIP (HAProxy)", family: "IPv4", url: urlFor(plan.ingress.vips.ipv4, 80) },
    { name: "VIP (HAProxy)", family: "IPv6", url: urlFor(plan.ingress.vips.ipv6, 80) },
  ];
  for (const c of containers) {
    list.push({ name: `${c.node} container (${c.ipv4} NAT)`, family: "IPv4", url: urlFor(c.publishedIpv4, appPort) });
    list.push({ name: `${c.node} container`, family: "IPv6", url: urlFor(c.ipv6, appPort) });
  }
  return list;
}

/** With runtime kubernetes: the VIPs, then each node's NodePort on both of its addresses. */
export function kubeEndpointsOf(plan: AddressPlan, nodePort: number): Endpoint[] {
  return [
    { name: "VIP (HAProxy)", family: "IPv4", url: urlFor(plan.ingress.vips.ipv4, 80) },
    { name: "VIP (HAProxy)", family: "IPv6", url: urlFor(plan.ingress.vips.ipv6, 80) },
    ...plan.nodes.flatMap((n): Endpoint[] => [
      { name: `${n.name} NodePort`, family: "IPv4", url: urlFor(n.ipv4, nodePort) },
      { name: `${n.name} NodePort`, family: "IPv6", url: urlFor(n.ipv6, nodePort) },
    ]),
  ];
}

/** What the API server says: both podCIDRs per node, both addresses per pod, both ClusterIPs of the Service. */
export async function insideCluster(kubeconfig: string, namespace: string, service: string): Promise<string> {
  const kubectl = path.join(kubernetesBinDir(), "kubectl");
  const queries = [
    ["get", "nodes", "-o", "custom-columns=NODE:.metadata.name,POD-CIDRS:.spec.podCIDRs,INTERNAL-IPS:.status.addresses[?(@.type=='InternalIP')].address"],
    ["get", "pods", "-n", namespace, "-o", "custom-columns=POD:.metadata.name,NODE:.spec.nodeName,POD-IPS:.status.podIPs[*].ip"],
    ["get", "service", "-n", namespace, service, "-o", "custom-columns=SERVICE:.metadata.name,POLICY:.spec.ipFamilyPolicy,CLUSTER-IPS:.spec.clusterIPs,NODE-PORT:.spec.ports[0].nodePort"],
  ];
  const out: string[] = [];
  for (const q of queries) {
    const r = await run(kubectl, ["--kubeconfig", kubeconfig, ...q], { timeoutMs: 30_000 });
    out.push(`$ kubectl --kubeconfig ${kubeconfig} ${q.map((a) => (/[[\]?@()=]/.test(a) ? `'${a}'` : a)).join(" ")}`, r.stdout.trimEnd());
  }
  return out.join("\n");
}

/** What the talk showed: the container's own IPv6 address and routes, from inside it. */
export async function insideContainers(containers: readonly LabContainer[]): Promise<string> {
  const out: string[] = [];
  for (const c of containers) {
    const engine = engineAt(c.socket);
    for (const cmd of [["ip", "-6", "addr", "show", "dev", "eth0"], ["ip", "-6", "route"]]) {
      const r = await execIn(engine, c.name, cmd);
      out.push(`$ docker -H unix://${c.socket} exec ${c.name} ${cmd.join(" ")}`, r.output.trimEnd());
    }
  }
  return out.join("\n");
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stack: { type: "string", short: "s", default: "local" }, "table-only": { type: "boolean", default: false } } });
  const outputs = await stackOutputs(values.stack!);
  const plan = outputs.addressPlan as AddressPlan;
  const client = outputs.clientNamespace as string;
  const appPort = Number((outputs.appPort as number | undefined) ?? 8080);
  if (!plan || !client) throw new Error(`stack ${values.stack} has no lab outputs; run \`npm run lab\` first`);

  const containers = (outputs.containers as LabContainer[] | undefined) ?? [];
  const kube = outputs.runtime === "kubernetes";
  const endpoints = kube ? kubeEndpointsOf(plan, Number(outputs.nodePort)) : endpointsOf(plan, appPort, containers);
  const results: ProbeResult[] = [];
  for (const e of endpoints) results.push(await probe(client, e.url));

  const rows = [["ENDPOINT", "FAMILY", "URL", "ANSWERED BY", "CLIENT SEEN AS", "LATENCY", "RESULT"]];
  endpoints.forEach((e, i) => {
    const r = results[i];
    const familyOk = r.ok && r.family === e.family;
    rows.push([
      e.name,
      e.family,
      e.url,
      r.pod ? `${r.pod} (${r.node})` : r.node ?? "-",
      r.client ? `${r.client} (${r.family})` : "-",
      r.latencyMs !== undefined ? `${r.latencyMs} ms` : "-",
      familyOk ? "ok" : r.error ?? (r.ok ? `wrong family ${r.family}` : "no answer"),
    ]);
  });
  console.log(table(rows));
  const failed = endpoints.filter((e, i) => !(results[i].ok && results[i].family === e.family)).length;
  if (kube) console.log(`\n${await insideCluster(outputs.kubeconfig as string, outputs.serviceNamespace as string, outputs.serviceName as string)}`);
  else if (!values["table-only"]) console.log(`\n${await insideContainers(containers)}`);
  console.log(`\n${endpoints.length - failed}/${endpoints.length} endpoints answered over the expected family`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error((err as Error).message);
      process.exit(1);
    },
  );
}
