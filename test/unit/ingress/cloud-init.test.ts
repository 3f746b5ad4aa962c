// Cloud ingress hosts' user data: the lab's renderers' configs, installed by
// cloud-init; checked by the real `cloud-init schema`.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { planAddresses } from "../../../components/addressing";
import { keepalivedArgsFromPlan, renderKeepalivedConfig } from "../../../components/failover";
import {
  DEFAULT_INGRESS_SETTINGS,
  haproxyArgsFromPlan,
  INGRESS_PATHS,
  renderHaproxyConfig,
  renderIngressUserData,
} from "../../../components/ingress";
import { cloudInitSchema } from "../../../scripts/validators/tools";

const plan = planAddresses({ name: "cs-prod", ipv4Supernet: "10.60.0.0/16", zones: ["lpg1"], nodeCount: 3, ingressCount: 2 });
const haproxyConfig = renderHaproxyConfig(haproxyArgsFromPlan(plan, DEFAULT_INGRESS_SETTINGS));
const keepalivedConfig = renderKeepalivedConfig(
  keepalivedArgsFromPlan(plan, "ingress-1", {
    interface: "ens4",
    advertIntervalSeconds: 1,
    haproxyMonitorPort: 8404,
    haproxyMonitorUri: "/haproxy-healthz",
    notify: { master: "/usr/local/sbin/dualstack-move-ips" },
  }),
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-ingress-ci-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("renderIngressUserData", () => {
  const text = renderIngressUserData({
    haproxyConfig,
    keepalivedConfig,
    scripts: [{ path: "/usr/local/sbin/dualstack-move-ips", content: "#!/bin/sh\nexit 0\n" }],
    secretFiles: [{ path: "/etc/dualstack/api-token", content: "not-a-real-token" }],
  });
  const doc = parse(text) as { packages: string[]; write_files: { path: string; content: string; permissions: string }[] };
  const file = (p: string) => doc.write_files.find((f) => f.path === p);

  it("passes cloud-init schema", () => {
    const f = path.join(dir, "ingress.yaml");
    fs.writeFileSync(f, text);
    expect(cloudInitSchema(f)).toMatchObject({ status: 0 });
  });

  it("installs HAProxy and keepalived with the rendered configs, byte for byte", () => {
    expect(doc.packages).toEqual(expect.arrayContaining(["haproxy", "keepalived", "curl"]));
    expect(file(INGRESS_PATHS.haproxy)?.content).toBe(haproxyConfig);
    expect(file(INGRESS_PATHS.keepalived)?.content).toBe(keepalivedConfig);
  });

  it("keeps scripts and secrets root-only", () => {
    expect(file("/usr/local/sbin/dualstack-move-ips")?.permissions).toBe("0700");
    expect(file("/etc/dualstack/api-token")?.permissions).toBe("0600");
  });

  it("refuses a relative or climbing file path", () => {
    expect(() =>
      renderIngressUserData({ haproxyConfig, keepalivedConfig, secretFiles: [{ path: "/etc/../token", content: "x" }] }),
    ).toThrow(/must be absolute, without "\.\."/);
  });
});
