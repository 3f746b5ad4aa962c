// The pack as a whole: names, descriptions, config schema, enforcement
// defaults, and the unknown markers it relies on.
import * as fs from "node:fs";
import * as path from "node:path";
import { allPolicies } from "../../policies/all";
import { DEFAULT_EXEMPT_TAGS, readExceptions } from "../../policies/lib/exceptions";
import { UNKNOWN, UNKNOWN_SENTINELS, unwrap } from "../../policies/lib/props";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkProxy = require("@pulumi/policy/proxy") as Record<string, unknown> & { unknownCheckingProxy<T extends object>(o: T): T };

describe("the policy pack", () => {
  it("has unique, cloud-prefixed kebab-case rule names", () => {
    const names = allPolicies.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^(aws|azure|cloudscale|exoscale|k8s|lab)-[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("explains each rule in one line (the review splits policy events on the first newline)", () => {
    for (const p of allPolicies) {
      expect(p.description).not.toContain("\n");
      expect(p.description.length).toBeGreaterThan(60);
      expect(p.description).toMatch(/:/); // "what: why"
    }
  });

  it("is mandatory by default; only the EKS note is advisory", () => {
    const index = fs.readFileSync(path.join(__dirname, "../../policies/index.ts"), "utf8");
    expect(index).toMatch(/enforcementLevel: "mandatory"/);
    expect(allPolicies.filter((p) => p.enforcementLevel !== undefined).map((p) => [p.name, p.enforcementLevel])).toEqual([["aws-eks-dual-stack-ingress", "advisory"]]);
  });

  it("gives every rule an `exceptions` config with the reason tag as default", () => {
    for (const p of allPolicies) {
      const ex = p.configSchema?.properties.exceptions;
      expect(ex).toMatchObject({ type: "object", default: { urns: [], tags: DEFAULT_EXEMPT_TAGS } });
    }
  });

  it("documents every rule in policies/README.md", () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../policies/README.md"), "utf8");
    for (const p of allPolicies) expect(readme).toContain(`| \`${p.name}\` |`);
  });

  it("reads partial exception config with defaults for the rest", () => {
    expect(readExceptions({})).toEqual({ urns: [], tags: DEFAULT_EXEMPT_TAGS });
    expect(readExceptions({ exceptions: { urns: ["u", 3] } })).toEqual({ urns: ["u"], tags: DEFAULT_EXEMPT_TAGS });
    expect(readExceptions({ exceptions: { tags: {} } })).toEqual({ urns: [], tags: {} });
  });
});

describe("unknown values", () => {
  it("uses exactly @pulumi/policy's unknown markers", () => {
    const sdk = Object.entries(sdkProxy)
      .filter(([k]) => /^unknown[A-Z]\w*Value$/.test(k))
      .map(([, v]) => v);
    expect(new Set(sdk)).toEqual(new Set(UNKNOWN_SENTINELS));
  });

  it("copies proxied props, turning values the proxy refuses into UNKNOWN", () => {
    const raw = { a: "x", b: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", c: ["1", "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2"], d: { e: 1, f: null }, g: "dd056dcd-154b-4c76-9bd3-c8f88648b5ff" };
    const proxied = sdkProxy.unknownCheckingProxy(raw);
    expect(() => (proxied as Record<string, unknown>).b).toThrow(/can't be known during preview/);
    expect(unwrap(proxied)).toEqual({ a: "x", b: UNKNOWN, c: ["1", UNKNOWN], d: { e: 1, f: null }, g: UNKNOWN });
  });
});
