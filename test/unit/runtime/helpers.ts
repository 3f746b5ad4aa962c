// Shared fixtures for the runtime tests; the real-tool runners live in scripts/validators/tools.ts.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AddressPlan, PlanInput, planAddresses } from "../../../components/addressing";
import { loadDemoAppSource } from "../../../components/runtime";

export { cloudInitSchema, dockerdValidate, ensureDockerd, pyYamlLoad, REPO } from "../../../scripts/validators/tools";
export const APP_SOURCE = loadDemoAppSource();
export const TOKEN = "K10-test-token-0123456789abcdef";

/** The plans every renderer is run over: each IPv6 prefix source, 1..3 zones, 1..6 nodes. */
export const PLAN_INPUTS: Record<string, PlanInput> = {
  "ULA /48, one zone": { name: "lab-ula", ipv4Supernet: "10.40.0.0/16", zones: ["lpg1"], nodeCount: 3, ingressCount: 2 },
  "operator 2001:db8::/48, two zones": {
    name: "prod",
    ipv4Supernet: "10.50.0.0/16",
    ipv6Prefix: "2001:db8::/48",
    ipv6PrefixSource: "operator",
    zones: ["lpg1", "rma1"],
    nodeCount: 4,
    ingressCount: 2,
  },
  "provider /56, three zones": {
    name: "aws-prod",
    ipv4Supernet: "10.60.0.0/16",
    ipv6Prefix: "2600:1f18:abc:de00::/56",
    ipv6PrefixSource: "provider",
    zones: ["eu-central-1a", "eu-central-1b", "eu-central-1c"],
    nodeCount: 6,
    ingressCount: 2,
  },
  "ULA, one node, shared tier": {
    name: "tiny",
    ipv4Supernet: "192.168.50.0/24",
    ipv4SubnetPrefixLength: 26,
    zones: ["z1"],
    nodeCount: 1,
    ingressCount: 2,
    tiers: { ingress: "main", nodes: "main" },
  },
};

export const PLANS: [string, AddressPlan][] = Object.entries(PLAN_INPUTS).map(([title, input]) => [title, planAddresses(input)]);

/** A scratch directory per test file, removed afterwards. */
export function scratch(prefix: string): { file: (name: string, text: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `dstest-${prefix}-`));
  let n = 0;
  return {
    file: (name, text) => {
      const path = join(dir, `${++n}-${name}`);
      writeFileSync(path, text);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
