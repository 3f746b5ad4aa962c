// Re-records the review's test fixtures from the real engine:
//   npx ts-node --transpile-only scripts/lib/review/record-fixtures.ts
// Two previews with the policy pack, on throwaway ptest- stacks (removed
// afterwards): a lab stack (passes) and test/fixtures/ipv4-only (fails).
// Saved as `<name>.preview.json` + `<name>.events.jsonl` under
// test/policy/fixtures/, slimmed: the event log keeps policy, diagnostic
// (not debug) and summary events (the steps are in the JSON digest), and
// dynamic providers' serialized source (`__provider`) is elided.
import * as fs from "node:fs";
import * as path from "node:path";
import { LabStack } from "../lab-stack";
import { pulumi, REPO_ROOT } from "../pulumi-cli";

const OUT = path.join(REPO_ROOT, "test/policy/fixtures");
const PACK = path.join(REPO_ROOT, "policies");
const ENV = { PULUMI_CONFIG_PASSPHRASE: "dualstack-local-lab" };

const KEPT_EVENTS = /^\{"sequence":\d+,"timestamp":\d+,"(policy\w*Event|diagnosticEvent|preludeEvent|summaryEvent|cancelEvent)"/;

function slimEvents(text: string): string {
  const lines = text.split("\n").filter((l) => KEPT_EVENTS.test(l) && !l.includes('"severity":"debug"'));
  return lines.join("\n") + "\n";
}

function slimPreview(text: string): string {
  const digest = JSON.parse(text) as unknown;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).filter(([k]) => k !== "stackTrace" && k !== "sourcePosition").map(([k, x]) => [k, k === "__provider" ? "<elided>" : walk(x)]));
    }
    return v;
  };
  return JSON.stringify(walk(digest), null, 2) + "\n";
}

async function record(name: string, args: string[]): Promise<void> {
  const events = path.join(OUT, `${name}.events.tmp`);
  const run = await pulumi([...args, "preview", "--json", "--non-interactive", "--policy-pack", PACK, "--event-log", events], ENV);
  fs.writeFileSync(path.join(OUT, `${name}.preview.json`), slimPreview(run.stdout));
  fs.writeFileSync(path.join(OUT, `${name}.events.jsonl`), slimEvents(fs.readFileSync(events, "utf8")));
  fs.rmSync(events);
  console.log(`${name}: preview exit ${run.code}`);
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const lab = new LabStack({ stack: "ptest-review-lab", ipv4Supernet: "10.93.0.0/16" });
  await lab.init();
  try {
    await record("lab", ["-s", lab.stack, "--config-file", lab.configFile]);
  } finally {
    await lab.remove();
  }
  const fixture = path.join(REPO_ROOT, "test/fixtures/ipv4-only");
  const stack = "ptest-review-ipv4-only";
  await pulumi(["-C", fixture, "stack", "select", "--create", stack, "--secrets-provider", "passphrase", "--non-interactive"], ENV);
  try {
    await record("ipv4-only", ["-C", fixture, "-s", stack]);
  } finally {
    await pulumi(["-C", fixture, "stack", "rm", stack, "--yes", "--force", "--non-interactive"], ENV);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
