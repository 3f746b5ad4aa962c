import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  ConfigError,
  configKeyOfPlanInput,
  environmentName,
  parseStackConfig,
  planForStack,
  rawConfigFromStackFile,
} from "../../../stacks/config";
import { thrownBy } from "../../support/errors";

const valid = {
  provider: "local",
  network: { ipv4Supernet: "10.77.0.0/16", zones: ["lab"], tiers: { ingress: "lab", nodes: "lab" } },
  nodes: { count: 3 },
};

const configError = (fn: () => unknown): ConfigError => thrownBy(fn, ConfigError);

describe("parseStackConfig", () => {
  it("fills defaults for ingress and runtime", () => {
    const config = parseStackConfig("local", valid);
    expect(config.ingress.count).toBe(2);
    expect(config.runtime).toBe("docker");
    expect(config.nodes.count).toBe(3);
  });

  it("accepts numbers given as strings (pulumi config set stores text)", () => {
    expect(parseStackConfig("s", { ...valid, nodes: { count: "5" } }).nodes.count).toBe(5);
  });

  it("names the key, the value and the valid providers for an unknown provider", () => {
    const err = configError(() => parseStackConfig("dev", { ...valid, provider: "gcp" }));
    expect(err.message).toContain('dualstack:provider: "gcp"');
    expect(err.message).toContain("local, cloudscale, exoscale, aws, azure");
    expect(err.problems[0].key).toBe("dualstack:provider");
  });

  it("says a missing provider is required", () => {
    const { provider: _omit, ...rest } = valid;
    const err = configError(() => parseStackConfig("dev", rest));
    expect(err.message).toMatch(/dualstack:provider: \(not set\) is required; one of: local, cloudscale/);
  });

  it("reports every problem at once, each with its key path", () => {
    const err = configError(() =>
      parseStackConfig("dev", { ...valid, nodes: { count: 0 }, ingress: { count: 9 }, runtime: "podman" }),
    );
    const keys = err.problems.map((p) => p.key).sort();
    expect(keys).toEqual(["dualstack:ingress.count", "dualstack:nodes.count", "dualstack:runtime"]);
    expect(err.message).toContain("dualstack:ingress.count: 9");
  });

  it.each([
    ["a fraction for a count", { nodes: { count: 2.5 } }, 'dualstack:nodes.count: 2.5 must be a whole number'],
    ["text for a count", { nodes: { count: "three" } }, 'dualstack:nodes.count: "three" must be a number'],
    ["a count out of range", { ingress: { count: 9 } }, "dualstack:ingress.count: 9 is out of range: use 2..8"],
    ["a CIDR for a section", { network: "10.60.0.0/16" }, 'dualstack:network: "10.60.0.0/16" must be a section (a YAML map) with the keys ipv4Supernet, ipv6Prefix, zones, ipv4SubnetPrefixLength, tiers'],
    ["a number for a CIDR", { network: { ipv4Supernet: 12345 } }, 'dualstack:network.ipv4Supernet: 12345 must be a string: an IPv4 CIDR such as "10.77.0.0/16"'],
    ["a missing section", { network: undefined }, "dualstack:network: (not set) is required: a section (a YAML map) with the keys ipv4Supernet,"],
    ["a zone with a space", { network: { ipv4Supernet: "10.1.0.0/16", zones: ["Zone A"] } }, 'dualstack:network.zones[0]: "Zone A" is not a zone name; expected lowercase letters, digits and "-"'],
    ["a zone with a slash", { network: { ipv4Supernet: "10.1.0.0/16", zones: ["lpg1", "a/b"] } }, 'dualstack:network.zones[1]: "a/b" is not a zone name'],
    ["a misspelt key (case)", { network: { ipv4Supernet: "10.1.0.0/16", ipv6prefix: "fd00::/48" } }, "unknown key(s) ipv6prefix (did you mean dualstack:network.ipv6Prefix?); keys here: ipv4Supernet, ipv6Prefix,"],
    ["a misspelt nested key", { nodes: { cout: 3 } }, "dualstack:nodes: [\"cout\"] unknown key(s) cout (did you mean dualstack:nodes.count?)"],
    ["a misspelt section", { kubernetess: {} }, "unknown key(s) kubernetess (did you mean dualstack:kubernetes?)"],
    ["a key nothing is close to", { nodes: { count: 3, flavour: "x" } }, "unknown key(s) flavour; keys here: count"],
    ["a missing provider", { provider: undefined }, "dualstack:provider: (not set) is required; one of: local, cloudscale, exoscale, aws, azure"],
  ])("says what fits for %s", (_what, patch, message) => {
    const err = configError(() => parseStackConfig("dev", { ...valid, ...patch }));
    expect(err.message).toContain(message);
  });

  it("flags misspelled keys by name, never echoing their values", () => {
    const err = configError(() => parseStackConfig("dev", { ...valid, nodez: { count: 3 } }));
    expect(err.message).toContain("unknown key(s) nodez");
  });
});

describe("planForStack", () => {
  it("plans with the stack name as environment (ULA derived from it)", () => {
    const plan = planForStack("Local_Lab", parseStackConfig("Local_Lab", valid), { zones: ["lab"] });
    expect(plan.name).toBe(environmentName("Local_Lab"));
    expect(plan.name).toBe("local-lab");
    expect(plan.ipv6PrefixSource).toBe("ula");
    expect(plan.ipv6Prefix).toMatch(/^fd[0-9a-f]{2}:/);
  });

  it("phrases planner errors with the config key the operator edits", () => {
    const config = parseStackConfig("dev", { ...valid, network: { ...valid.network, ipv6Prefix: "fd00::/64" } });
    const err = configError(() => planForStack("dev", config, { zones: ["lab"] }));
    expect(err.problems[0].key).toBe("dualstack:network.ipv6Prefix");
    expect(err.message).toContain('dualstack:network.ipv6Prefix: "fd00::/64"');
    expect(err.message).toMatch(/\/48\.\.\/62/);
  });

  it("names dualstack:nodes.count when the nodes do not fit the IPv4 subnet", () => {
    const config = parseStackConfig("dev", { ...valid, nodes: { count: 300 } });
    const err = configError(() => planForStack("dev", config, { zones: ["lab"] }));
    expect(err.problems[0].key).toMatch(/^dualstack:(nodes\.count|network\.)/);
  });

  it("marks a provider-assigned prefix as such", () => {
    const plan = planForStack("aws-dev", parseStackConfig("aws-dev", { ...valid, provider: "aws" }), {
      zones: ["a", "b"],
      ipv6PrefixFromProvider: "2600:1f18:abcd:ef00::/56",
    });
    expect(plan.ipv6PrefixSource).toBe("provider");
    expect(plan.ipv6Prefix).toBe("2600:1f18:abcd:ef00::/56");
  });
});

describe("configKeyOfPlanInput", () => {
  it.each([
    ["ipv4Supernet", "dualstack:network.ipv4Supernet"],
    ["nodeCount", "dualstack:nodes.count"],
    ["vips.ipv6", "dualstack:ingress.vips.ipv6"],
    ["kubernetes.serviceCidrV6", "dualstack:kubernetes.serviceCidrV6"],
    ["tiers.ingress", "dualstack:network.tiers.ingress"],
    ["zones[1]", "dualstack:network.zones[1]"],
    ["docker.ipv4Pool", "dualstack:docker.ipv4Pool"],
  ])("%s -> %s", (planKey, configKey) => {
    expect(configKeyOfPlanInput(planKey)).toBe(configKey);
  });
});

describe("rawConfigFromStackFile", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-config-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads dualstack keys and skips secure values and other namespaces", () => {
    fs.writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      [
        "config:",
        "  dualstack:provider: cloudscale",
        "  dualstack:nodes: { count: 2 }",
        "  dualstack:cloudscaleToken: { secure: v1:abc }",
        "  aws:region: eu-central-2",
      ].join("\n"),
    );
    expect(rawConfigFromStackFile(dir, "dev")).toEqual({ provider: "cloudscale", nodes: { count: 2 } });
  });

  it("names the file, line and column of a YAML syntax error", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), ["config:", "  dualstack:provider: local", "  dualstack:nodes:", "    count: 3", "   dualstack:runtime: docker"].join("\n"));
    expect(() => rawConfigFromStackFile(dir, "broken")).toThrow(/^Pulumi\.broken\.yaml:5:1: All mapping items must start at the same column/);
  });

  it("lists the stacks that have a config file when the stack is unknown", () => {
    expect(() => rawConfigFromStackFile(dir, "prod")).toThrow(/no Pulumi\.prod\.yaml; stacks with a config file: (broken, )?dev$/);
  });
});

describe("checked-in stack files", () => {
  const repo = path.resolve(__dirname, "../../..");
  // Tracked files only: test and bench stacks leave temporary ones while they run.
  const stacks = execFileSync("git", ["ls-files", "Pulumi.*.yaml"], { cwd: repo, encoding: "utf8" })
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^Pulumi\.|\.yaml$/g, ""));

  it("has the local stack", () => expect(stacks).toContain("local"));

  it.each(stacks)("Pulumi.%s.yaml parses and plans", (stack) => {
    const config = parseStackConfig(stack, rawConfigFromStackFile(repo, stack));
    const plan = planForStack(stack, config, { zones: ["z1"] });
    expect(plan.nodes).toHaveLength(config.nodes.count);
  });
});
