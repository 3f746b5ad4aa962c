// `npm run lab:check -- -s <stack>`: from the lab's client namespace, requests
// every endpoint over both families (the two VIPs through HAProxy, and every
// node directly) and prints a table. Exits 1 if any request fails.
import { parseArgs } from "node:util";
import type { AddressPlan } from "../components/addressing";
import { probe, urlFor, type ProbeResult } from "../components/lab/probe/http";
import { stackOutputs } from "./lib/pulumi-cli";

interface Endpoint {
  name: string;
  family: "IPv4" | "IPv6";
  url: string;
}

export function endpointsOf(plan: AddressPlan, appPort: number): Endpoint[] {
  const list: Endpoint[] = [
    { name: "VIP (HAProxy)", family: "IPv4", url: urlFor(plan.ingress.vips.ipv4, 80) },
    { name: "VIP (HAProxy)", family: "IPv6", url: urlFor(plan.ingress.vips.ipv6, 80) },
  ];
  for (const node of plan.nodes) {
    list.push({ name: node.name, family: "IPv4", url: urlFor(node.ipv4, appPort) });
    list.push({ name: node.name, family: "IPv6", url: urlFor(node.ipv6, appPort) });
  }
  return list;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { stack: { type: "string", short: "s", default: "local" } } });
  const outputs = await stackOutputs(values.stack!);
  const plan = outputs.addressPlan as AddressPlan;
  const client = outputs.clientNamespace as string;
  const appPort = Number((outputs.appPort as number | undefined) ?? 8080);
  if (!plan || !client) throw new Error(`stack ${values.stack} has no lab outputs; run \`npm run lab\` first`);

  const endpoints = endpointsOf(plan, appPort);
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
      r.node ?? "-",
      r.client ? `${r.client} (${r.family})` : "-",
      r.latencyMs !== undefined ? `${r.latencyMs} ms` : "-",
      familyOk ? "ok" : r.error ?? (r.ok ? `wrong family ${r.family}` : "no answer"),
    ]);
  });
  console.log(table(rows));
  const failed = endpoints.filter((e, i) => !(results[i].ok && results[i].family === e.family)).length;
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
