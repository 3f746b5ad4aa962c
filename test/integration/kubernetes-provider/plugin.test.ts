// The Pulumi Kubernetes provider plugin built from its Go module by
// scripts/kubernetes-provider.sh: the real engine loads it from its plugin
// cache at exactly the version the repo's @pulumi/kubernetes asks for, with
// nothing downloaded, and previews a Kubernetes object through it (the
// fixture's cluster is a loopback port nothing listens on; no network).
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { EngineStack, expectOk } from "../../../scripts/lib/engine-stack";
import { pulumi, REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

const run = promisify(execFile);
const SCRIPT = path.join(REPO_ROOT, "scripts/kubernetes-provider.sh");
const FIXTURE = path.join(REPO_ROOT, "test/fixtures/kubernetes-provider");
const PLUGIN = "pulumi-resource-kubernetes";
const VERSION = "4.25.0";

// A cold build compiles the provider and all of client-go, helm and the
// engine's packages: 15-25 minutes on 2 cores. Cached, --ensure is instant.
const BUILD_TIMEOUT_MS = 50 * 60_000;
jest.setTimeout(180_000);

const json = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

describe("the Kubernetes provider plugin built from its Go module", () => {
  const stack = new EngineStack("itest-k8s-plugin", FIXTURE);
  let binDir = "";
  let pluginDir = "";

  beforeAll(async () => {
    const ensured = await run("bash", [SCRIPT, "--ensure"], { cwd: REPO_ROOT, timeout: BUILD_TIMEOUT_MS, maxBuffer: 16 << 20 });
    binDir = ensured.stdout.trim().split("\n").pop() ?? "";
    pluginDir = (await run("bash", [SCRIPT, "--plugin-dir"], { cwd: REPO_ROOT })).stdout.trim();
    fs.writeFileSync(stack.configFile, "config: {}\n");
    await stack.createStack();
  }, BUILD_TIMEOUT_MS + 120_000);
  afterAll(() => stack.remove());

  it("is the release @pulumi/kubernetes is pinned to, exactly", () => {
    const pkg = json(path.join(REPO_ROOT, "package.json"));
    expect(pkg.devDependencies["@pulumi/kubernetes"]).toBe(VERSION);
    expect(pkg.peerDependencies["@pulumi/kubernetes"]).toBe(VERSION);
    const sdk = json(path.join(REPO_ROOT, "node_modules/@pulumi/kubernetes/package.json"));
    expect(sdk.version).toBe(VERSION);
    expect(sdk.pulumi).toMatchObject({ resource: true, name: "kubernetes", version: VERSION });
  });

  it("is built into the cache outside the repo, and the engine's plugin cache entry is that build", () => {
    const built = path.join(binDir, PLUGIN);
    expect(fs.statSync(built).mode & 0o111).not.toBe(0);
    expect(path.relative(REPO_ROOT, fs.realpathSync(built)).startsWith("..")).toBe(true);
    // As `pulumi plugin install` lays it out: a directory resource-kubernetes-v4.25.0 holding the binary.
    expect(path.basename(pluginDir)).toBe(`resource-kubernetes-v${VERSION}`);
    expect(fs.realpathSync(path.join(pluginDir, PLUGIN))).toBe(fs.realpathSync(built));
    expect(fs.existsSync(`${pluginDir}.partial`)).toBe(false);
  });

  it("is cached: --ensure again builds nothing and prints the same directory", async () => {
    const started = Date.now();
    const again = await run("bash", [SCRIPT, "--ensure"], { cwd: REPO_ROOT, timeout: 60_000 });
    expect(again.stdout.trim()).toBe(binDir);
    expect(again.stderr).not.toMatch(/building/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await run("bash", [SCRIPT, "--bin-dir"], { cwd: REPO_ROOT })).stdout.trim()).toBe(binDir);
  });

  it("is listed by `pulumi plugin ls` as kubernetes 4.25.0", async () => {
    const r = expectOk(await pulumi(["plugin", "ls", "--json"]), "plugin ls");
    const plugins = JSON.parse(r.stdout) as { name: string; kind: string; version: string }[];
    expect(plugins).toContainEqual(expect.objectContaining({ name: "kubernetes", kind: "resource", version: VERSION }));
  });

  it("is loaded by the real engine for a Namespace, from the plugin cache at 4.25.0, with no download", async () => {
    // -v=7: the engine logs how it resolved each plugin and what the plugin reported.
    const r = expectOk(await stack.preview(["--logtostderr", "-v=7"]), "preview");
    expect(r.stdout).toMatch(/\+\s+kubernetes:core\/v1:Namespace\s+probe\s+create/);
    expect(r.stdout).toMatch(/\+\s+pulumi:providers:kubernetes\s+nowhere\s+create/);
    const resolved = new RegExp(
      `GetPluginPath\\(resource, kubernetes, ${VERSION.replace(/\./g, "\\.")}[^)]*\\): found in cache at ${pluginDir}/${PLUGIN}`,
    );
    expect(r.stderr).toMatch(resolved);
    // What the plugin itself told the engine it is (GetPluginInfo: the -X linker flag of the build).
    expect(r.stderr).toMatch(/Provider\[[^\]]+\]\.GetPluginInfo\(\) success \(#version=4\.25\.0\)/);
    expect(r.stderr).not.toMatch(/found on \$PATH .*pulumi-resource-kubernetes/);
    expect(r.stderr).not.toMatch(/[Dd]ownloading|installing plugin|get\.pulumi\.com|api\.github\.com/);
    expect(r.stderr).not.toMatch(/InstallPlugin\(\).*kubernetes/);
  });

  it("serves the schema it was built with, stamped 4.25.0 (the engine's GetSchema of the installed plugin)", async () => {
    const r = expectOk(await pulumi(["package", "get-schema", `kubernetes@${VERSION}`]), "package get-schema");
    const schema = JSON.parse(r.stdout) as { name: string; version: string; resources: Record<string, unknown> };
    expect(schema.name).toBe("kubernetes");
    expect(schema.version).toBe(VERSION);
    for (const tok of ["kubernetes:core/v1:Namespace", "kubernetes:core/v1:Service", "kubernetes:apps/v1:Deployment"]) {
      expect(schema.resources).toHaveProperty([tok]);
    }
  });
});
