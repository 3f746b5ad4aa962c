// The review summary as Markdown: what the preview will change, what the
// policy pack says, and how much of the stack's endpoint surface is
// dual-stack. Pure (data in, text out): the PR comment and `npm run review`
// print the same thing, and a recorded preview pins it in tests.
import { type Change, type ChangeKind, changesOf, splitUrn } from "./changes";
import { endpointCoverage } from "./coverage";
import type { PolicyViolation, PreviewDigest } from "./preview";

export interface ReviewInput {
  stack: string;
  digest: PreviewDigest;
  violations: readonly PolicyViolation[];
  /** The preview's exit code: 0 = it passed (no mandatory violation, no error). */
  exitCode: number;
  /** Shown in the heading, e.g. the policy pack path. */
  policyPack?: string;
}

const ORDER: ChangeKind[] = ["create", "update", "replace", "delete", "other", "same"];
const SYMBOL: Record<ChangeKind, string> = { create: "+", update: "~", replace: "+-", delete: "-", other: "?", same: " " };
const LEVEL_ORDER = ["mandatory", "remediate", "advisory"];

/** Text safe inside a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ").trim();
}

function changeTable(changes: readonly Change[]): string[] {
  const counts = ORDER.filter((k) => k !== "other").map((k) => changes.filter((c) => c.kind === k).length);
  return ["| create | update | replace | delete | unchanged |", "|---:|---:|---:|---:|---:|", `| ${counts.join(" | ")} |`];
}

function changeList(changes: readonly Change[]): string[] {
  const shown = changes
    .filter((c) => c.kind !== "same")
    .sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || a.type.localeCompare(b.type) || a.name.localeCompare(b.name));
  if (shown.length === 0) return ["No resource changes."];
  return [
    `<details><summary>${shown.length} resource change${shown.length === 1 ? "" : "s"}</summary>`,
    "",
    "| op | type | name | because of |",
    "|---|---|---|---|",
    ...shown.map((c) => `| \`${SYMBOL[c.kind]}\` ${c.kind} | \`${cell(c.type)}\` | ${cell(c.name)} | ${cell(c.reasons.join(", "))} |`),
    "",
    "</details>",
  ];
}

function violationTable(violations: readonly PolicyViolation[]): string[] {
  if (violations.length === 0) return ["No policy violations."];
  const sorted = [...violations].sort(
    (a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) || a.rule.localeCompare(b.rule) || (a.urn ?? "").localeCompare(b.urn ?? ""),
  );
  return [
    "| level | rule | resource | message |",
    "|---|---|---|---|",
    ...sorted.map((v) => {
      const res = v.urn ? splitUrn(v.urn) : undefined;
      const where = res ? `${cell(res.name)} (\`${cell(res.type)}\`)` : "(stack)";
      return `| ${v.level} | \`${v.rule}\` | ${where} | ${cell(v.message)} |`;
    }),
  ];
}

export function renderReview(input: ReviewInput): string {
  const steps = input.digest.steps ?? [];
  const changes = changesOf(steps);
  const cov = endpointCoverage(steps);
  const mandatory = input.violations.filter((v) => v.level === "mandatory").length;
  const advisory = input.violations.length - mandatory;
  const verdict = input.exitCode === 0 ? "✅ preview passes" : `❌ preview fails${mandatory ? ` (${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"})` : ""}`;

  const lines = [`### Pulumi preview \`${input.stack}\`: ${verdict}`, ""];
  lines.push(`**IPv6 coverage: endpoints dual-stack: ${cov.dual}/${cov.total}**`);
  if (cov.notDual.length) {
    lines.push("", ...cov.notDual.map((e) => `- single-family ${e.kind}: ${cell(e.name)} (IPv${[...e.families!].join("+IPv")} only)${e.exempt ? ", exempt by its reason tag" : ""}`));
  }
  lines.push("", "#### Resources", "", ...changeTable(changes), "", ...changeList(changes));
  lines.push("", `#### Policy violations${input.policyPack ? ` (${input.policyPack})` : ""}`, "", ...violationTable(input.violations));
  if (advisory) lines.push("", `${advisory} advisory (not blocking).`);

  const errors = (input.digest.diagnostics ?? []).filter((d) => d.severity === "error" && !/^(error: )?preview failed\s*$/.test(d.message ?? ""));
  if (errors.length) {
    lines.push("", "#### Errors", "", ...errors.map((d) => `- ${d.urn ? `${cell(splitUrn(d.urn).name)}: ` : ""}${cell(d.message ?? "")}`));
  }
  return lines.join("\n") + "\n";
}
