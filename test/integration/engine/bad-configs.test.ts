// The real engine's side of issue #14's "done when": one bad config per
// provider through `pulumi preview` (exit code, the one-line message on the
// output, no JavaScript stack frames, nothing created), and YAML syntax errors
// that the wrapper stops before the CLI, naming file and line. The full table
// of bad configs runs in-process: test/unit/stacks/bad-configs.test.ts.
import * as fs from "node:fs";
import { stringify } from "yaml";
import { EngineStack } from "../../../scripts/lib/engine-stack";
import { describeValue } from "../../../stacks/config";
import { CASES, configOf, type BadConfig } from "../../unit/stacks/bad-configs/cases";

jest.setTimeout(600_000);

/** A stack whose config file is written from a raw `dualstack:*` config (secrets as plain values: test stacks hold none). */
class BadConfigStack extends EngineStack {
  write(config: Record<string, unknown>, secrets: Record<string, string>, extra: Record<string, unknown> = {}): void {
    const keys = Object.fromEntries(Object.entries({ ...config, ...secrets }).map(([k, v]) => [`dualstack:${k}`, v]));
    fs.writeFileSync(this.configFile, stringify({ config: { ...keys, ...extra } }));
  }
}

const pick = (provider: string, what: string): BadConfig => {
  const found = CASES.find((c) => c.provider === provider && c.what === what);
  if (!found) throw new Error(`no case ${provider}: ${what}`);
  return found;
};

// One per provider, from the table, covering a range the planner refuses, a zone, a flavor, a missing secret and a misspelt key.
const ENGINE_CASES = [
  pick("local", "a documentation IPv6 prefix"),
  // Pulumi.yaml used to declare the key, and the engine refused in its own words, without the providers.
  pick("local", "no provider"),
  pick("cloudscale", "a multicast supernet"),
  pick("exoscale", "no API secret"),
  pick("aws", "natgateway in lower case"),
  pick("azure", "zone 4"),
];

const STACK_FRAME = /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m;

describe("bad configs on the real engine", () => {
  const stack = new BadConfigStack("itest-bad-config");
  beforeAll(() => stack.createStack());
  afterAll(() => stack.remove());

  it.each(ENGINE_CASES.map((c) => [`${c.provider}: ${c.what}`, c] as [string, BadConfig]))("%s: preview fails with the one-line message, no stack trace, nothing created", async (_title, c) => {
    const { config, secrets } = configOf(c);
    stack.write(config, secrets, c.provider === "aws" ? { "aws:region": "eu-central-2" } : {});
    const run = await stack.preview();
    const text = run.stdout + run.stderr;
    expect(run.code).not.toBe(0);
    const line = text.split("\n").find((l) => l.trim().startsWith(`${c.key}: ${describeValue(c.value)} `));
    expect({ line }).toEqual({ line: expect.stringMatching(c.fits) });
    expect(text).not.toMatch(STACK_FRAME);
    expect(text).not.toMatch(/unhandled exception/);
    // Only the stack itself appears in the preview; no resource of the program.
    expect(text).not.toMatch(/\+ {2}(?!pulumi:pulumi:Stack)\S+:\S+/);
  });

  it.each([
    ["a key indented one space too far", (lines: string[]) => [...lines, "   dualstack:runtime: docker"], /stack\.yaml:\d+:1: All mapping items must start at the same column \(line \d+: " {3}dualstack:runtime: docker"\)/],
    ["an unclosed flow list", (lines: string[]) => [...lines.slice(0, 2), "  dualstack:extra: [1, 2", ...lines.slice(2)], /stack\.yaml:\d+:\d+: Flow sequence .* end with a \]/],
  ])("YAML with %s: the wrapper names the file and line, the CLI never runs", async (_what, edit, message) => {
    const { config, secrets } = configOf(pick("local", "a fraction for a count"));
    stack.write(config, secrets);
    fs.writeFileSync(stack.configFile, edit(fs.readFileSync(stack.configFile, "utf8").trimEnd().split("\n")).join("\n") + "\n");
    const run = await stack.preview();
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("nothing was run");
    expect(run.stdout).not.toMatch(/Previewing update/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});
