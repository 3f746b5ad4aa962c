// `npm run plan -- -s <stack> [--format table|mermaid|json]`: prints a stack's
// address plan from its checked-in config. No engine, no cloud access.
import * as path from "node:path";
import { parseArgs } from "node:util";
import { formatPlanTable, planToMermaid } from "../components/addressing";
import { ConfigError, parseStackConfig, planForStack, rawConfigFromStackFile } from "../stacks/config";
import { defaultZonesFor } from "../stacks/zones";

const FORMATS = ["table", "mermaid", "json"] as const;

function main(): void {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", short: "s" },
      format: { type: "string", short: "f", default: "table" },
    },
  });
  const stack = values.stack ?? process.env.PULUMI_STACK;
  if (!stack) throw new Error("usage: npm run plan -- -s <stack> [--format table|mermaid|json]");
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new Error(`--format: "${values.format}" is not one of ${FORMATS.join(", ")}`);

  const repo = path.resolve(__dirname, "..");
  const config = parseStackConfig(stack, rawConfigFromStackFile(repo, stack));
  const plan = planForStack(stack, config, { zones: defaultZonesFor(config.provider) });
  if (format === "json") console.log(JSON.stringify(plan, null, 2));
  else if (format === "mermaid") console.log(planToMermaid(plan));
  else console.log(formatPlanTable(plan));
}

try {
  main();
} catch (err: unknown) {
  console.error(err instanceof ConfigError || err instanceof Error ? err.message : String(err));
  process.exit(1);
}
