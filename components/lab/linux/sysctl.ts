// Per-namespace sysctls. /proc/sys/net is per network namespace, but this
// process cannot setns, so every write goes through `ip netns exec <ns> sysctl`.
import { ip, nsExec } from "./exec";
import { validateInterfaceName, validateNamespaceName } from "./names";

// Slash-separated keys: with '/', sysctl treats '.' as literal, so interface
// names such as "eth0.100" (VLANs) work in net/ipv6/conf/<if>/... paths.
const KEY_RE = /^[A-Za-z0-9_.\-/]+$/;

export interface SetSysctlOptions {
  /** Skip keys the kernel does not have (sysctl -e), e.g. br_netfilter keys when that module is absent. */
  ignoreMissing?: boolean;
}

/** Writes all `values` (slash-separated keys, e.g. "net/ipv4/ip_forward") inside `ns` with one sysctl call. */
export async function setSysctls(ns: string, values: Record<string, string>, options: SetSysctlOptions = {}): Promise<void> {
  validateNamespaceName(ns);
  const pairs = Object.entries(values).map(([key, value]) => {
    if (!KEY_RE.test(key) || key.includes("..")) throw new Error(`invalid sysctl key ${JSON.stringify(key)}`);
    if (/[\s=]/.test(value) || value === "") throw new Error(`invalid sysctl value ${JSON.stringify(value)} for ${key}`);
    return `${key}=${value}`;
  });
  if (pairs.length === 0) return;
  await nsExec(ns, "sysctl", [...(options.ignoreMissing ? ["-e"] : []), "-q", "-w", ...pairs]);
}

/** Reads one sysctl (slash-separated key) inside `ns`. */
export async function readSysctl(ns: string, key: string): Promise<string> {
  validateNamespaceName(ns);
  if (!KEY_RE.test(key) || key.includes("..")) throw new Error(`invalid sysctl key ${JSON.stringify(key)}`);
  const { stdout } = await nsExec(ns, "sysctl", ["-n", key]);
  return stdout.trim();
}

export interface HostStackOptions {
  /** true: route between interfaces (both families); false: explicitly off; unset: leave as is. */
  forwarding?: boolean;
}

/**
 * Tunes a host namespace for fast, correct dual-stack:
 * - accept_dad=0 (all/default[/<if>]): addresses are usable at once, never "tentative";
 * - keep_addr_on_down=1: an interface flap does not silently drop IPv6 addresses;
 * - ip_nonlocal_bind=1 (both families): ingress hosts bind VIPs they do not hold yet;
 * - optionally forwarding for both families; loopback up.
 *
 * Call it before {@link connectToBridge} (without `ifname`): a new interface
 * copies `default`, so its link-local address skips DAD from birth. Setting
 * accept_dad on an interface that is already up does not un-tentative the
 * link-local address it already has. Calling again with `ifname` is harmless.
 */
export async function configureHostStack(ns: string, ifname?: string, options: HostStackOptions = {}): Promise<void> {
  validateNamespaceName(ns);
  if (ifname !== undefined) validateInterfaceName(ifname);
  const values: Record<string, string> = {};
  for (const scope of ifname === undefined ? ["all", "default"] : ["all", "default", ifname]) {
    values[`net/ipv6/conf/${scope}/accept_dad`] = "0";
    values[`net/ipv6/conf/${scope}/keep_addr_on_down`] = "1";
  }
  values["net/ipv4/ip_nonlocal_bind"] = "1";
  values["net/ipv6/ip_nonlocal_bind"] = "1";
  if (options.forwarding !== undefined) {
    const v = options.forwarding ? "1" : "0";
    // ip_forward also flips net/ipv4/conf/*/forwarding; IPv6 needs conf/all.
    values["net/ipv4/ip_forward"] = v;
    values["net/ipv6/conf/all/forwarding"] = v;
  }
  await setSysctls(ns, values);
  await ip(ns, ["link", "set", "lo", "up"]);
}
