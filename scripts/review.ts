// npm run review -- -s <stack> [--policy-pack policies] [--policy-pack-config f] [--config-file f] [--cwd dir] [--out f]
// npm run review -- --from preview.json --events events.jsonl [-s name] [--exit-code n]
//
// Runs `pulumi preview --json --policy-pack policies` (plus the engine's
// event log, which is where 3.248 puts policy results) and prints the PR
// review summary as Markdown: changes, policy violations, and the IPv6
// coverage line. With --from/--events it renders recorded files offline.
// Exits with the preview's exit code, so a failing policy fails the command.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { renderReview } from "./lib/review/markdown";
import { parsePolicyEvents, parsePreviewJson, type PreviewDigest } from "./lib/review/preview";
import { pulumi } from "./lib/pulumi-cli";

const USAGE = "usage: npm run review -- -s <stack> [--policy-pack dir] [--policy-pack-config file] [--config-file file] [--cwd dir] [--out file]\n" +
  "       npm run review -- --from preview.json --events events.jsonl [-s name] [--exit-code n]";

interface Recorded {
  digest: PreviewDigest;
  events: string;
  exitCode: number;
  stderr: string;
}

async function runPreview(opts: { stack: string; policyPack: string; packConfig?: string; configFile?: string; cwd?: string }): Promise<Recorded> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-review-"));
  const eventLog = path.join(dir, "events.jsonl");
  try {
    const args = [
      ...(opts.cwd ? ["-C", path.resolve(opts.cwd)] : []),
      "preview", "--json", "--non-interactive", "-s", opts.stack,
      "--policy-pack", path.resolve(opts.policyPack),
      // Policy events are not in 3.248's --json output; the event log has them.
      "--event-log", eventLog,
      ...(opts.packConfig ? ["--policy-pack-config", path.resolve(opts.packConfig)] : []),
      ...(opts.configFile ? ["--config-file", path.resolve(opts.configFile)] : []),
    ];
    const run = await pulumi(args);
    let digest: PreviewDigest;
    try {
      digest = parsePreviewJson(run.stdout);
    } catch {
      // The engine failed before it could print a digest (bad flags, no stack): keep its words.
      digest = { diagnostics: [{ severity: "error", message: (run.stderr || run.stdout).trim().slice(-2000) || `pulumi exited ${run.code}` }] };
    }
    const events = fs.existsSync(eventLog) ? fs.readFileSync(eventLog, "utf8") : "";
    return { digest, events, exitCode: run.code, stderr: run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", short: "s" },
      "policy-pack": { type: "string", default: "policies" },
      "policy-pack-config": { type: "string" },
      "config-file": { type: "string" },
      cwd: { type: "string" },
      out: { type: "string" },
      from: { type: "string" },
      events: { type: "string" },
      "exit-code": { type: "string", default: "0" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help || (!values.stack && !values.from)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }

  let rec: Recorded;
  if (values.from) {
    rec = {
      digest: parsePreviewJson(fs.readFileSync(values.from, "utf8")),
      events: values.events ? fs.readFileSync(values.events, "utf8") : "",
      exitCode: Number(values["exit-code"]),
      stderr: "",
    };
  } else {
    rec = await runPreview({
      stack: values.stack!,
      policyPack: values["policy-pack"]!,
      packConfig: values["policy-pack-config"],
      configFile: values["config-file"],
      cwd: values.cwd,
    });
  }

  const markdown = renderReview({
    stack: values.stack ?? path.basename(values.from ?? "preview", ".json"),
    digest: rec.digest,
    violations: parsePolicyEvents(rec.events),
    exitCode: rec.exitCode,
    policyPack: values.from ? undefined : values["policy-pack"],
  });
  if (values.out) fs.writeFileSync(values.out, markdown);
  process.stdout.write(markdown);
  return rec.exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`review: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
