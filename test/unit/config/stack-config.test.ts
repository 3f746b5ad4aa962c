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

  it("lists the stacks that have a config file when the stack is unknown", () => {
    expect(() => rawConfigFromStackFile(dir, "prod")).toThrow(/no Pulumi\.prod\.yaml; stacks with a config file: dev/);
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
