// `npm run plan -- -s <stack> [--format table|mermaid|json]`: prints a stack's
// address plan from its checked-in config. No engine, no cloud access.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatPlanTable, planToMermaid } from "../components/addressing";
import { parse as parseYaml } from "yaml";
import { ConfigError, parseStackConfig, rawConfigFromStackFile } from "../stacks/config";
import { offlinePlan } from "../stacks/plans";

const FORMATS = ["table", "mermaid", "json"] as const;

function main(): void {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", short: "s" },
      format: { type: "string", short: "f", default: "table" },
      /** A stack config file other than Pulumi.<stack>.yaml, as `pulumi --config-file` takes it. */
      "config-file": { type: "string" },
    },
  });
  const stack = values.stack ?? process.env.PULUMI_STACK;
  if (!stack) throw new Error("usage: npm run plan -- -s <stack> [--format table|mermaid|json] [--config-file <file>]");
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new Error(`--format: "${values.format}" is not one of ${FORMATS.join(", ")}`);

  const repo = path.resolve(__dirname, "..");
  const file = values["config-file"] ? path.resolve(values["config-file"]) : path.join(repo, `Pulumi.${stack}.yaml`);
  const config = parseStackConfig(stack, rawConfigFromStackFile(repo, stack, file));
  // The same checks and plan as the stack's preview (stacks/<provider>/plan.ts), less secrets, root and cloud calls.
  const { plan, notes } = offlinePlan(stack, config, { awsRegion: awsRegionOf(file) });
  for (const note of notes) console.error(`note: ${note}`);
  if (format === "json") console.log(JSON.stringify(plan, null, 2));
  else if (format === "mermaid") console.log(planToMermaid(plan));
  else console.log(formatPlanTable(plan));
}

/** `aws:region` from the stack file (outside the dualstack namespace). */
function awsRegionOf(file: string): string | undefined {
  const doc = parseYaml(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> } | null;
  const region = doc?.config?.["aws:region"];
  return typeof region === "string" ? region : undefined;
}

try {
  main();
} catch (err: unknown) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
  process.exit(1);
}
