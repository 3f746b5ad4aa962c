// `npm run bench:policy -- [--resources 1000] [--runs 5]`
// Cost of the policy pack per preview: every resource policy over a generated
// stack (AWS, Azure, Kubernetes, cloudscale, Exoscale and lab resources, about
// a fifth of them violating), then every stack policy over the whole stack,
// called directly the way the CrossGuard server calls them (props behind the
// SDK's unknown-checking proxy, one copy per policy). Median of the runs after
// a warm-up. Target: well under 1 s for 1,000 resources.
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { parseArgs } from "node:util";
import { resourcePolicies, stackPolicies } from "../policies/all";
import { AWS, AZURE, CLOUDSCALE, EXOSCALE, K8S, LAB } from "../policies/lib/types";
import { median } from "./lib/stats";
import { formatTable } from "./lib/table";

// The SDK's proxy is not in its typings; the server wraps every props object in it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T extends object>(o: T): T };

const TARGET_MS = 1000;

interface Generated {
  type: string;
  name: string;
  props: Record<string, unknown>;
  deps?: Record<string, string[]>;
}

/** Deterministic PRNG (mulberry32), so every run sees the same stack. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const V4 = "0.0.0.0/0";
const V6 = "::/0";

// One generator per kind: (index, violate?) -> resource(s). The first resource is the one counted.
const KINDS: ((i: number, bad: boolean) => Generated[])[] = [
  (i, bad) => [{ type: AWS.vpc, name: `vpc-${i}`, props: { cidrBlock: "10.0.0.0/16", ...(bad ? {} : { assignGeneratedIpv6CidrBlock: true }) } }],
  (i, bad) => [{ type: AWS.subnet, name: `subnet-${i}`, props: { cidrBlock: "10.0.1.0/24", ...(bad ? {} : { ipv6CidrBlock: `2600:1f18:0:${i.toString(16)}::/64`, assignIpv6AddressOnCreation: true }) } }],
  (i, bad) => [
    { type: AWS.securityGroup, name: `sg-${i}`, props: { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [V4], ...(bad ? {} : { ipv6CidrBlocks: [V6] }) }, { protocol: "58", fromPort: -1, toPort: -1, ipv6CidrBlocks: [V6] }] } },
  ],
  (i, bad) => [
    { type: AWS.route, name: `route-${i}`, props: { routeTableId: `rtb-${i}`, destinationCidrBlock: V4 } },
    ...(bad ? [] : [{ type: AWS.route, name: `route6-${i}`, props: { routeTableId: `rtb-${i}`, destinationIpv6CidrBlock: V6 } }]),
  ],
  (i, bad) => [{ type: AWS.lb, name: `lb-${i}`, props: { ipAddressType: bad ? "ipv4" : "dualstack" } }],
  (i, bad) => [{ type: AZURE.vnet, name: `vnet-${i}`, props: { addressSpace: { addressPrefixes: bad ? ["10.0.0.0/16"] : ["10.0.0.0/16", "fd00:1::/48"] }, subnets: [{ name: "a", addressPrefixes: ["10.0.1.0/24", "fd00:1:0:1::/64"] }] } }],
  (i, bad) => [
    {
      type: AZURE.nsg,
      name: `nsg-${i}`,
      props: {
        securityRules: [
          { name: "h4", direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: V4, destinationPortRange: "443" },
          ...(bad ? [] : [{ name: "h6", direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: V6, destinationPortRange: "443" }]),
        ],
      },
    },
  ],
  (i, bad) => [
    { type: AZURE.publicIp, name: `pip-${i}-ipv4`, props: { location: "switzerlandnorth", publicIPAddressVersion: "IPv4" } },
    ...(bad ? [] : [{ type: AZURE.publicIp, name: `pip-${i}-ipv6`, props: { location: "switzerlandnorth", publicIPAddressVersion: "IPv6" } }]),
  ],
  (i, bad) => [{ type: K8S.service, name: `svc-${i}`, props: { metadata: { name: `svc-${i}` }, spec: { type: "LoadBalancer", ...(bad ? {} : { ipFamilyPolicy: "PreferDualStack" }) } } }],
  (i, bad) => [{ type: CLOUDSCALE.server, name: `server-${i}`, props: { name: `s${i}`, flavor: "flex-4-2", zone: "lpg1", useIpv6: !bad } }],
  (i, bad) => [{ type: CLOUDSCALE.floatingIp, name: `fip-${i}-v4`, props: { ipVersion: 4, type: "regional", region: "lpg" } }, ...(bad ? [] : [{ type: CLOUDSCALE.floatingIp, name: `fip-${i}-v6`, props: { ipVersion: 6, type: "regional", region: "lpg" } }])],
  (i, bad) => [{ type: EXOSCALE.instance, name: `instance-${i}`, props: { name: `i${i}`, zone: "ch-gva-2", publicIpAssignment: bad ? "inet4" : "dual" } }],
  (i, bad) => [
    { type: EXOSCALE.securityGroupRule, name: `rule-${i}`, props: { securityGroup: `sg-${i}`, flowDirection: "ingress", protocol: "tcp", startPort: bad ? 22 : 443, endPort: bad ? 22 : 443, network: V4 } },
    { type: EXOSCALE.securityGroupRule, name: `rule6-${i}`, props: { securityGroup: `sg-${i}`, flowDirection: "ingress", protocol: "tcp", startPort: 443, endPort: 443, network: V6 } },
    { type: EXOSCALE.securityGroupRule, name: `ptb-${i}`, props: { securityGroup: `sg-${i}`, flowDirection: "ingress", protocol: "icmpv6", icmp: { type: 2, code: 0 }, network: V6 } },
  ],
  (i, bad) => [{ type: LAB.host, name: `host-${i}`, props: { namespace: `ds-b-${i}`, ipv4Cidr: `10.77.${i % 250}.10/24`, ...(bad ? {} : { ipv6Cidr: `fd00:77:0:${i.toString(16)}::a/64` }) } }],
];

function generate(count: number): Generated[] {
  const random = rng(42);
  const out: Generated[] = [];
  for (let i = 0; out.length < count; i++) out.push(...KINDS[i % KINDS.length](i, random() < 0.2));
  return out.slice(0, count);
}

const urn = (r: Generated) => `urn:pulumi:bench::dualstack::${r.type}::${r.name}`;
const stubs = {
  opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
  stackTags: new Map<string, string>(),
  isType: () => false,
  asType: () => undefined,
  notApplicable: (): never => {
    throw new Error("notApplicable");
  },
  getConfig: <T extends object>() => ({}) as T,
};

async function runResourcePolicies(stack: readonly Generated[]): Promise<number> {
  let violations = 0;
  const report = () => void violations++;
  for (const r of stack) {
    for (const p of resourcePolicies) {
      const args: ResourceValidationArgs = { ...stubs, type: r.type, name: r.name, urn: urn(r), props: unknownCheckingProxy(structuredClone(r.props)) };
      await p.validateResource(args, report);
    }
  }
  return violations;
}

async function runStackPolicies(stack: readonly Generated[]): Promise<number> {
  let violations = 0;
  const report = () => void violations++;
  for (const p of stackPolicies) {
    // The server rebuilds the resource list (and its proxies) for every stack policy.
    const resources: PolicyResource[] = stack.map((r) => ({ ...stubs, type: r.type, name: r.name, urn: urn(r), props: unknownCheckingProxy(structuredClone(r.props)), dependencies: [], propertyDependencies: {} }));
    await p.validateStack({ resources, stackTags: stubs.stackTags, getConfig: stubs.getConfig, notApplicable: stubs.notApplicable }, report);
  }
  return violations;
}

async function timed(fn: () => Promise<number>): Promise<{ ms: number; violations: number }> {
  const start = performance.now();
  const violations = await fn();
  return { ms: performance.now() - start, violations };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { resources: { type: "string", default: "1000" }, runs: { type: "string", default: "5" } } });
  const count = Number(values.resources);
  const runs = Math.max(1, Number(values.runs));
  const stack = generate(count);
  await runResourcePolicies(stack); // warm-up: JIT and the CIDR cache
  await runStackPolicies(stack);

  const res: { ms: number; violations: number }[] = [];
  const stk: { ms: number; violations: number }[] = [];
  for (let i = 0; i < runs; i++) {
    res.push(await timed(() => runResourcePolicies(stack)));
    stk.push(await timed(() => runStackPolicies(stack)));
  }
  const rMs = median(res.map((r) => r.ms));
  const sMs = median(stk.map((r) => r.ms));
  const row = (what: string, policies: number, ms: number, violations: number) => [what, String(count), String(policies), ms.toFixed(1), ((ms * 1000) / count).toFixed(1), String(violations)];
  console.log(`policy pack over a generated stack: ${count} resources, ${KINDS.length} kinds, median of ${runs} runs\n`);
  console.log(
    formatTable([
      ["policy set", "resources", "policies", "total ms", "µs/resource", "violations"],
      row("resource", resourcePolicies.length, rMs, res[0].violations),
      row("stack", stackPolicies.length, sMs, stk[0].violations),
      row("all", resourcePolicies.length + stackPolicies.length, rMs + sMs, res[0].violations + stk[0].violations),
    ]),
  );
  const ok = rMs + sMs < TARGET_MS;
  console.log(`\ntarget: all policies under ${TARGET_MS} ms for ${count} resources: ${ok ? "ok" : "MISSED"}`);
  if (!ok) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
