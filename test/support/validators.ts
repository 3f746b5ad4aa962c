// The real config checkers, as tests use them: `haproxy -dW -c` (warnings
// count as failures) and `keepalived -e -t` inside a throwaway namespace that
// has the configured interface (-t checks interfaces in its own namespace).
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const HAPROXY = process.env.HAPROXY_BIN ?? "/usr/sbin/haproxy";
const KEEPALIVED = process.env.KEEPALIVED_BIN ?? "/usr/sbin/keepalived";

export interface CheckResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** A temp dir for config files, removed by `cleanup`. */
export class ConfigFiles {
  private dir = mkdtempSync(join(tmpdir(), "dstest-configs-"));
  private count = 0;

  write(name: string, text: string): string {
    const file = join(this.dir, `${++this.count}-${name}`);
    writeFileSync(file, text);
    return file;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** haproxy 2.6 exit codes: 0 valid, 1 alerts (or warnings with -dW), 2 valid but no listener. */
export function haproxyCheck(files: ConfigFiles, text: string): CheckResult {
  const r = spawnSync(HAPROXY, ["-dW", "-c", "-f", files.write("haproxy.cfg", text)], { encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, output: `${r.stdout}${r.stderr}` };
}

/**
 * A namespace with an `eth0` carrying the given addresses, for `keepalived -t`,
 * plus any `extraInterfaces` (no addresses), e.g. the public interface a
 * cloud's VIPs go on while the adverts use eth0.
 * Kernels without the dummy driver get a veth pair instead.
 */
export class KeepalivedSandbox {
  readonly namespace = `dstest-kad-${randomBytes(4).toString("hex")}`;

  constructor(addresses: string[] = [], extraInterfaces: string[] = []) {
    const ip = (...args: string[]) => execFileSync("ip", args, { stdio: "pipe" });
    ip("netns", "add", this.namespace);
    ip("-n", this.namespace, "link", "set", "lo", "up");
    for (const ifname of ["eth0", ...extraInterfaces]) {
      try {
        ip("-n", this.namespace, "link", "add", ifname, "type", "dummy");
      } catch {
        ip("-n", this.namespace, "link", "add", ifname, "type", "veth", "peer", "name", `${ifname}-peer`);
        ip("-n", this.namespace, "link", "set", `${ifname}-peer`, "up");
      }
      ip("-n", this.namespace, "link", "set", ifname, "up");
    }
    for (const a of addresses) ip("-n", this.namespace, "addr", "add", a, "dev", "eth0", ...(a.includes(":") ? ["nodad"] : []));
  }

  /** keepalived 2.2.7 exit codes: 0 ok, 4 config file missing (-e), 5 any config error. */
  check(files: ConfigFiles, text: string): CheckResult {
    return this.checkFile(files.write("keepalived.conf", text));
  }

  checkFile(file: string): CheckResult {
    // -e: without it a missing config file exits 0.
    const r = spawnSync("ip", ["netns", "exec", this.namespace, KEEPALIVED, "-e", "-t", "-f", file], { encoding: "utf8" });
    if (r.error) throw r.error;
    return { status: r.status, signal: r.signal, output: r.stderr };
  }

  remove(): void {
    spawnSync("ip", ["netns", "del", this.namespace]);
  }
}
