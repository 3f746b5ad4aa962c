// The real Pulumi engine (built by scripts/pulumi-engine.sh) running this
// project: version pinning, a preview of a lab stack, and clean errors for
// bad config at preview time.
import * as fs from "node:fs";
import * as path from "node:path";
import { LabStack } from "../../../scripts/lib/lab-stack";
import { pulumi, REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

jest.setTimeout(600_000);

const sdkVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8"))
  .version as string;

describe("real Pulumi engine", () => {
  it("reports the same version as the @pulumi/pulumi SDK", async () => {
    const run = await pulumi(["version"]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`v${sdkVersion}`);
  });

  describe("preview of a lab stack", () => {
    const lab = new LabStack({ stack: "itest-preview", ipv4Supernet: "10.90.0.0/16" });
    beforeAll(() => lab.init());
    afterAll(() => lab.remove());

    it("runs the program and shows the whole lab and the address plan, creating nothing", async () => {
      const run = await lab.preview();
      expect(run.code).toBe(0);
      // 1 switch + 6 hosts (3 nodes, 2 ingress, client) + 3x(Docker engine, app container) + 2x(haproxy, keepalived),
      // the cluster's 5 parts and 5 DualStackHosts, and the stack
      expect(run.stdout).toMatch(/\+ 28 to create/);
      expect(run.stdout).toContain("addressPlan");
      expect(run.stdout).toContain('ipv4Supernet    : "10.90.0.0/16"');
      expect(run.stdout).toMatch(/pulumi-nodejs:dynamic\/local:Host/);
      const namespaces = fs.readdirSync("/run/netns", { withFileTypes: true }).map((d) => d.name);
      expect(namespaces.filter((n) => n.startsWith("ds-itest-preview"))).toEqual([]);
    });

    it("fails at preview with the key, the value and what is valid for a bad prefix", async () => {
      lab.writeConfig({ ...lab.options, ipv6Prefix: "fd00:1::/64" });
      const run = await lab.preview();
      lab.writeConfig(lab.options);
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(/dualstack:network\.ipv6Prefix: "fd00:1::\/64" .*\/48\.\.\/62/);
      // A clean operator message, not a stack trace.
      expect(run.stdout + run.stderr).not.toMatch(/at Object\.<anonymous>|\.ts:\d+:\d+\)|PromiseRejection/);
    });

    it("refuses managed Kubernetes on the local lab at preview, saying what the lab runs", async () => {
      lab.writeConfig({ ...lab.options, extra: { runtime: "kubernetes", kubernetes: { mode: "managed" } } });
      const run = await lab.preview();
      lab.writeConfig(lab.options);
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(/dualstack:kubernetes\.mode: "managed" is not available on the local lab.*upstream components/);
    });

    it("names the lab's own key for an advert interval VRRPv3 cannot do", async () => {
      lab.writeConfig({ ...lab.options, advertIntervalSeconds: 50 });
      const run = await lab.preview();
      lab.writeConfig(lab.options);
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(/dualstack:local\.advertIntervalSeconds: 50 is out of range/);
    });

    it("fails at preview listing the valid providers for an unknown one", async () => {
      lab.writeConfig({ ...lab.options, extra: { provider: "gcp" } });
      const run = await lab.preview();
      lab.writeConfig(lab.options);
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(/dualstack:provider: "gcp" is not valid; expected one of: local, cloudscale, exoscale, aws, azure/);
    });
  });
});
