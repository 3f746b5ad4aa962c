// The components as a library: `npm pack` of this repo, installed into a
// throwaway Pulumi project in a temporary directory outside the repo, whose
// own program (test/fixtures/own-program/index.ts, type-checked by ts-node
// there) builds (a) a lab cluster, answered over both families, and (b) a
// cloudscale cluster against the fake API; both destroy cleanly.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import type { AddressPlan } from "../../../components/addressing";
import { listNamespaces } from "../../../components/lab/linux";
import { probe, urlFor } from "../../../components/lab/probe/http";
import { EngineStack, expectOk } from "../../../scripts/lib/engine-stack";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";
import { FakeCloudscale } from "../../fakes/cloudscale/server";

jest.setTimeout(900_000);
const run = promisify(execFile);

const home = fs.mkdtempSync(path.join(os.tmpdir(), "dualstack-own-program-"));
const project = path.join(home, "project");
const VERSIONS = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).devDependencies;

beforeAll(async () => {
  // The repo's .npmrc ignores lifecycle scripts (prepack too), so the build runs by name.
  await run("npm", ["run", "--silent", "build"], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
  const { stdout } = await run("npm", ["pack", "--silent", "--pack-destination", home], { cwd: REPO_ROOT, maxBuffer: 16 << 20 });
  const tarball = path.join(home, stdout.trim().split("\n").pop()!);
  fs.mkdirSync(project);
  fs.copyFileSync(path.join(REPO_ROOT, "test/fixtures/own-program/index.ts"), path.join(project, "index.ts"));
  fs.writeFileSync(path.join(project, "Pulumi.yaml"), stringify({ name: "own-program", runtime: { name: "nodejs", options: { typescript: true } } }));
  const dependencies = {
    dualstack: `file:${tarball}`,
    ...Object.fromEntries(["@pulumi/pulumi", "typescript", "ts-node", "@types/node"].map((p) => [p, VERSIONS[p]])),
  };
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "own-program", private: true, dependencies }, null, 2));
  fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node16", esModuleInterop: true, types: ["node"] } }));
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: project, maxBuffer: 16 << 20 });
});

afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

it("installs as a package with its compiled components, and no cloud SDK the program did not ask for", () => {
  const installed = path.join(project, "node_modules");
  expect(fs.existsSync(path.join(installed, "dualstack/dist/components/cluster/cluster.js"))).toBe(true);
  expect(fs.existsSync(path.join(installed, "dualstack/dist/components/cluster/cluster.d.ts"))).toBe(true);
  for (const sdk of ["@pulumi/azure-native", "@pulumi/aws", "@pulumi/kubernetes"]) expect(fs.existsSync(path.join(installed, sdk))).toBe(false);
});

it("resolves every export to a file of the package, and loads the cloud-free modules with no cloud SDK installed", async () => {
  const pkgDir = path.join(project, "node_modules", "dualstack");
  const exportsMap = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).exports as Record<string, string | { default: string }>;
  for (const [subpath, target] of Object.entries(exportsMap)) {
    const file = typeof target === "string" ? target : target.default;
    expect({ subpath, exists: fs.existsSync(path.join(pkgDir, file)) }).toEqual({ subpath, exists: true });
  }
  // The SDKs are absent, so a module that loaded one eagerly would throw here.
  for (const mod of ["dualstack", "dualstack/addressing", "dualstack/lab", "dualstack/cloudscale", "dualstack/exoscale"]) {
    await run("node", ["-e", `require(${JSON.stringify(mod)})`], { cwd: project });
  }
  // A cloud's module needs its SDK, an optional peer: the error names it.
  await expect(run("node", ["-e", 'require("dualstack/azure")'], { cwd: project })).rejects.toThrow(/@pulumi\/azure-native/);
});

describe("a lab cluster of the user's own program", () => {
  const stack = new EngineStack("ownlab", project);
  afterAll(async () => {
    await stack.destroy();
    await stack.remove();
  });

  it("comes up, answers over both families and destroys cleanly", async () => {
    await stack.createStack();
    fs.writeFileSync(stack.configFile, stringify({ config: { "own-program:cloud": "lab" } }));
    expectOk(await stack.up(), "up");
    const out = await stack.stackOutputs<{ plan: AddressPlan; clientNamespace: string }>();
    for (const [family, seen] of [["ipv4", "IPv4"], ["ipv6", "IPv6"]] as const) {
      const answer = await probe(out.clientNamespace, urlFor(out.plan.ingress.vips[family], 80));
      // The app saw the client over the same family as the VIP it was asked on.
      expect(answer).toMatchObject({ ok: true, family: seen });
      expect(out.plan.nodes.map((n) => n.name)).toContain(answer.node);
    }
    expectOk(await stack.destroy(), "destroy");
    expect((await listNamespaces()).filter((ns) => ns.startsWith("ds-ownlab-"))).toEqual([]);
  });
});

describe("a cloudscale cluster of the user's own program", () => {
  const fake = new FakeCloudscale({ pollsUntilReady: 1 });
  const stack = new EngineStack("owncs", project);
  beforeAll(() => fake.start());
  afterAll(async () => {
    if (Object.values(fake.objects()).some((list) => list.length > 0)) await stack.destroy();
    await stack.remove();
    await fake.stop();
  });

  it("builds the cluster in the API and destroys it", async () => {
    await stack.createStack();
    const config = {
      "own-program:cloud": "cloudscale",
      "own-program:apiUrl": fake.url,
      "dualstack:cloudscale": { apiUrl: fake.url, pollIntervalMs: 20 },
    };
    fs.writeFileSync(stack.configFile, stringify({ config }));
    for (const [key, value] of [["dualstack:cloudscaleToken", "fake-token-0123456789"], ["own-program:failoverToken", "own-failover-token"]]) {
      expectOk(await stack.run(["config", "set", "--secret", key, value, "--config-file", stack.configFile]), `config set ${key}`);
    }
    expectOk(await stack.up(), "up");
    const counts = Object.fromEntries(Object.entries(fake.objects()).map(([k, v]) => [k, v.length]));
    expect(counts).toMatchObject({ servers: 4, networks: 1, subnets: 1, "server-groups": 2, "floating-ips": 2 });
    // API names carry the plan's name (the stack's), as in the project's own stacks.
    expect(fake.objects().servers.map((s) => s.name).sort()).toEqual(["owncs-ingress-1", "owncs-ingress-2", "owncs-node-1", "owncs-node-2"]);
    expectOk(await stack.destroy(), "destroy");
    expect(Object.values(fake.objects()).every((list) => list.length === 0)).toBe(true);
  });
});
