// The review summary (scripts/review.ts): parsers for 3.248's preview JSON and
// event log, and the Markdown, pinned by previews recorded from the real
// engine (test/policy/fixtures, re-record with scripts/lib/review/record-fixtures.ts).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { changesOf } from "../../scripts/lib/review/changes";
import { endpointCoverage } from "../../scripts/lib/review/coverage";
import { cell, renderReview } from "../../scripts/lib/review/markdown";
import { parsePolicyEvents, parsePreviewJson, type PreviewStep } from "../../scripts/lib/review/preview";
import { UNKNOWN_VALUE } from "./harness";

const FIXTURES = path.join(__dirname, "fixtures");
const read = (f: string) => fs.readFileSync(path.join(FIXTURES, f), "utf8");

describe("recorded previews", () => {
  it("renders the IPv4-only program's failing preview exactly", () => {
    const md = renderReview({
      stack: "ptest-review-ipv4-only",
      digest: parsePreviewJson(read("ipv4-only.preview.json")),
      violations: parsePolicyEvents(read("ipv4-only.events.jsonl")),
      exitCode: 1,
      policyPack: "policies",
    });
    expect(md).toBe(`### Pulumi preview \`ptest-review-ipv4-only\`: ❌ preview fails (1 mandatory policy violation)

**IPv6 coverage: endpoints dual-stack: 1/3**

- single-family lab host: v4-only (IPv4 only)
- single-family lab host: v4-exempt (IPv4 only), exempt by its reason tag

#### Resources

| create | update | replace | delete | unchanged |
|---:|---:|---:|---:|---:|
| 4 | 0 | 0 | 0 | 0 |

<details><summary>4 resource changes</summary>

| op | type | name | because of |
|---|---|---|---|
| \`+\` create | \`pulumi-nodejs:dynamic/local:Host\` | dual |  |
| \`+\` create | \`pulumi-nodejs:dynamic/local:Host\` | v4-exempt |  |
| \`+\` create | \`pulumi-nodejs:dynamic/local:Host\` | v4-only |  |
| \`+\` create | \`pulumi:pulumi:Stack\` | dualstack-policy-fixture-ptest-review-ipv4-only |  |

</details>

#### Policy violations (policies)

| level | rule | resource | message |
|---|---|---|---|
| mandatory | \`lab-host-dual-stack\` | v4-only (\`pulumi-nodejs:dynamic/local:Host\`) | lab host "v4-only" has no IPv6 address: set ipv6Cidr (e.g. "fd00:77::a/64"). |
`);
  });

  it("renders the lab's passing preview: 21 creates, all 6 hosts dual-stack, no violations", () => {
    const digest = parsePreviewJson(read("lab.preview.json"));
    const md = renderReview({ stack: "ptest-review-lab", digest, violations: parsePolicyEvents(read("lab.events.jsonl")), exitCode: 0 });
    expect(digest.changeSummary).toEqual({ create: 21 });
    expect(md).toMatch(/^### Pulumi preview `ptest-review-lab`: ✅ preview passes\n/);
    expect(md).toContain("**IPv6 coverage: endpoints dual-stack: 6/6**");
    expect(md).toContain("| 21 | 0 | 0 | 0 | 0 |");
    expect(md).toContain("<details><summary>21 resource changes</summary>");
    expect(md).toContain("| `+` create | `pulumi-nodejs:dynamic/local:Host` | ingress-1 |  |");
    expect(md).toContain("#### Policy violations\n\nNo policy violations.");
    expect(md).not.toContain("#### Errors");
  });

  it("finds the policy results only in the event log (3.248's --json has none)", () => {
    expect(read("ipv4-only.preview.json")).not.toContain("lab-host-dual-stack");
    expect(parsePolicyEvents(read("ipv4-only.events.jsonl"))).toEqual([
      {
        policyPack: "dualstack",
        rule: "lab-host-dual-stack",
        level: "mandatory",
        urn: "urn:pulumi:ptest-review-ipv4-only::dualstack-policy-fixture::pulumi-nodejs:dynamic/local:Host::v4-only",
        message: 'lab host "v4-only" has no IPv6 address: set ipv6Cidr (e.g. "fd00:77::a/64").',
      },
    ]);
  });
});

describe("parsers", () => {
  it("drops the rule description, duplicates and torn lines from policy events", () => {
    const ev = { policyEvent: { resourceUrn: "urn:pulumi:s::p::t::n", message: "Why it matters.\nWhat to add.\n", policyName: "r", policyPackName: "dualstack", enforcementLevel: "advisory" } };
    const log = [JSON.stringify(ev), JSON.stringify(ev), '{"policyEvent": {"resourceUrn"'].join("\n");
    expect(parsePolicyEvents(log)).toEqual([{ policyPack: "dualstack", rule: "r", level: "advisory", urn: "urn:pulumi:s::p::t::n", message: "What to add." }]);
  });

  it("collapses a replacement's steps into one change with its reasons", () => {
    const steps: PreviewStep[] = [
      { op: "same", urn: "urn:pulumi:s::p::aws:ec2/vpc:Vpc::vpc" },
      { op: "create-replacement", urn: "urn:pulumi:s::p::aws:ec2/subnet:Subnet::a", replaceReasons: ["ipv6CidrBlock"] },
      { op: "replace", urn: "urn:pulumi:s::p::aws:ec2/subnet:Subnet::a", replaceReasons: ["ipv6CidrBlock"] },
      { op: "delete-replaced", urn: "urn:pulumi:s::p::aws:ec2/subnet:Subnet::a" },
      { op: "update", urn: "urn:pulumi:s::p::comp$aws:lb/loadBalancer:LoadBalancer::lb", diffReasons: ["ipAddressType"] },
      { op: "delete", urn: "urn:pulumi:s::p::aws:ec2/eip:Eip::old" },
    ];
    expect(changesOf(steps).map((c) => [c.kind, c.type, c.name, c.reasons.join()])).toEqual([
      ["same", "aws:ec2/vpc:Vpc", "vpc", ""],
      ["replace", "aws:ec2/subnet:Subnet", "a", "ipv6CidrBlock"],
      ["update", "aws:lb/loadBalancer:LoadBalancer", "lb", "ipAddressType"],
      ["delete", "aws:ec2/eip:Eip", "old", ""],
    ]);
    const md = renderReview({ stack: "s", digest: { steps }, violations: [], exitCode: 0 });
    expect(md).toContain("| 0 | 1 | 1 | 1 | 1 |");
    expect(md).toContain("| `+-` replace | `aws:ec2/subnet:Subnet` | a | ipv6CidrBlock |");
  });

  it("escapes table cells", () => {
    expect(cell("a|b\nc\\d")).toBe("a\\|b c\\\\d");
  });
});

describe("IPv6 coverage", () => {
  const step = (type: string, name: string, inputs: object, op = "create"): PreviewStep => {
    const urn = `urn:pulumi:s::p::${type}::${name}`;
    return { op, urn, newState: { urn, type, inputs: inputs as Record<string, unknown>, parent: "urn:pulumi:s::p::comp::ingress" } };
  };

  it("counts a v4/v6 pair as one endpoint, a lone v4 address and an ipv4 LB as not dual-stack", () => {
    const steps = [
      step("azure-native:network:PublicIPAddress", "web-ipv4", { publicIPAddressVersion: "IPv4" }),
      step("azure-native:network:PublicIPAddress", "web-ipv6", { publicIPAddressVersion: "IPv6" }),
      step("azure-native:network:PublicIPAddress", "nat", {}),
      step("aws:lb/loadBalancer:LoadBalancer", "nlb", { ipAddressType: "ipv4" }),
      step("aws:lb/loadBalancer:LoadBalancer", "alb", { ipAddressType: "dualstack" }),
      step("pulumi-nodejs:dynamic/cloudscale:LoadBalancer", "lb", {}),
    ];
    const cov = endpointCoverage(steps);
    expect([cov.dual, cov.total]).toEqual([3, 5]);
    expect(cov.notDual.map((e) => e.name).sort()).toEqual(["nat", "nlb"]);
  });

  it("counts values unknown in the preview as dual-stack, and leaves deleted resources out", () => {
    const steps = [
      step("pulumi-nodejs:dynamic/local:Host", "h", { ipv4Cidr: "10.0.0.1/24", ipv6Cidr: UNKNOWN_VALUE }),
      step("pulumi-nodejs:dynamic/exoscale:NlbService", "gone", {}, "delete"),
    ];
    expect(endpointCoverage(steps)).toMatchObject({ dual: 1, total: 1 });
  });
});

describe("npm run review, offline", () => {
  it("renders recorded files and exits with the preview's code", async () => {
    const args = ["ts-node", "--transpile-only", "scripts/review.ts", "--from", path.join(FIXTURES, "ipv4-only.preview.json"), "--events", path.join(FIXTURES, "ipv4-only.events.jsonl"), "-s", "x", "--exit-code", "1"];
    const result = await promisify(execFile)("npx", args, { cwd: path.join(__dirname, "../..") }).then(
      (r) => ({ code: 0, stdout: r.stdout }),
      (e: { code?: number; stdout?: string }) => ({ code: e.code ?? -1, stdout: e.stdout ?? "" }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("endpoints dual-stack: 1/3");
  }, 60_000);
});
