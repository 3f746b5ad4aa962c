// The keepalived notify_master script, run with sh against the fake API and
// metadata service: it moves both floating IPs to "this" server, and fails
// (non-zero, token never printed) with a wrong token.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderCloudscaleNotifyScript } from "../../../../components/failover/notify/cloudscale";
import { provider as fipP } from "../../../../components/clouds/cloudscale/providers/floating-ip";
import { provider as serverP } from "../../../../components/clouds/cloudscale/providers/server";
import { FakeCloudscale } from "../../../fakes/cloudscale/server";
import { full, startFake, useFake } from "./harness";

const [fip, server] = [fipP, serverP].map(full);

function runSh(script: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    // Bounded: the script's own retries are short; this is the backstop.
    execFile("sh", [script], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

describe.each([false, true])("cloudscale notify_master script (IPv6 loopback: %s)", (ipv6) => {
  let fake: FakeCloudscale;
  let dir: string;
  let ips: [string, string];
  let servers: string[];

  beforeAll(async () => {
    fake = await startFake();
    useFake(fake);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cs-notify-"));
    servers = [];
    for (const name of ["s1", "s2"]) {
      const { inputs } = await server.check({}, { idTag: `p/s/${name}`, name, flavor: "flex-4-2", image: "debian-12", zone: "lpg1" });
      servers.push((await server.create(inputs)).id);
    }
    const v4 = await fip.create({ idTag: "p/s/v4", ipVersion: 4, type: "regional", server: servers[0] });
    const v6 = await fip.create({ idTag: "p/s/v6", ipVersion: 6, type: "regional", server: servers[0] });
    ips = [v4.outs.network, v6.outs.network];
  });
  afterAll(async () => {
    await fake.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(token: string): string {
    const tokenFile = path.join(dir, "token");
    fs.writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
    const script = path.join(dir, "notify.sh");
    const text = renderCloudscaleNotifyScript({
      apiUrl: ipv6 ? fake.url6 : fake.url,
      tokenFile,
      floatingIps: ips,
      metadataUrl: fake.metadataUrl(ipv6),
      backoffSeconds: 0,
    });
    fs.writeFileSync(script, text, { mode: 0o700 });
    return script;
  }

  it("moves both floating IPs to the server the metadata names, retrying a 500", async () => {
    fake.setMetadataServer(servers[1]);
    fake.inject("PATCH /v1/floating-ips/:id", "500", 1);
    const { code, out } = await runSh(write(fake.token));
    expect(code).toBe(0);
    const byAddress = Object.fromEntries(fake.objects()["floating-ips"].map((f) => [f.network, (f.server as { uuid: string }).uuid]));
    expect(byAddress).toEqual({ [ips[0]]: servers[1], [ips[1]]: servers[1] });
    expect(out).not.toContain(fake.token);
    expect(out).toMatch(/now routed to server/);
  });

  it("fails non-zero with a wrong token and never prints it", async () => {
    fake.setMetadataServer(servers[0]);
    const token = "wrong-secret-token-4711";
    const { code, out } = await runSh(write(token));
    expect(code).not.toBe(0);
    expect(out).toMatch(/HTTP 401 .*Invalid token/);
    expect(out).not.toContain(token);
    expect(fs.readFileSync(path.join(dir, "notify.sh"), "utf8")).not.toContain(token);
    // Nothing moved.
    expect(fake.objects()["floating-ips"].every((f) => (f.server as { uuid: string }).uuid === servers[1])).toBe(true);
  });

  it("rejects unsafe values when rendering", () => {
    expect(() => renderCloudscaleNotifyScript({ apiUrl: "http://x/'; rm -rf /", tokenFile: "/t", floatingIps: ips })).toThrow(/quotes/);
    expect(() => renderCloudscaleNotifyScript({ apiUrl: "http://x", tokenFile: "/t", floatingIps: ["1.2.3.4", "$(id)"] })).toThrow(/floatingIps/);
  });
});
