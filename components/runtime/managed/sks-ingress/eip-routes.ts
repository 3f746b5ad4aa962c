// The script that makes a node accept its elastic IPs' traffic. Exoscale
// delivers an EIP's packets to the instances it is attached to, but the guest
// must treat the address as its own. A `local` route in the local table does
// that (the kernel's "AnyIP") without adding an address: the EIPs can never
// become source addresses of the node's own traffic, and there is no NDP/ARP
// for them. The script keeps the routes in place (re-adding them if someone
// flushes them) and removes them when the pod stops. POSIX sh with `ip -4/-6
// route`, so it runs on busybox (the Alpine HAProxy image) and iproute2.
import { Address4, Address6 } from "ip-address";
import { InputError } from "../checks";

export interface EipRoutesArgs {
  ipv4: string;
  ipv6: string;
  /** Seconds between checks that the routes are still there; default 30. */
  intervalSeconds?: number;
}

export const EIP_ROUTES_DEFAULTS = { intervalSeconds: 30 } as const;

function canonical(key: string, value: unknown, family: 4 | 6): string {
  const text = typeof value === "string" ? value : "";
  if (family === 4 && Address4.isValid(text) && !text.includes("/")) return new Address4(text).correctForm();
  if (family === 6 && Address6.isValid(text) && !text.includes("/") && !text.includes("%")) {
    const a = new Address6(text);
    if (!a.is4() && a.correctForm() !== "::") return a.correctForm();
  }
  const example = family === 4 ? '"203.0.113.10"' : '"2001:db8::10"';
  throw new InputError(key, value, `is not a bare IPv${family} address`, `use an address such as ${example}, without a prefix length`);
}

/** An EIP pair checked and in canonical form (RFC 5952 for IPv6); an InputError naming eips.ipv4/eips.ipv6 otherwise. Pure. */
export function canonicalEips(args: Pick<EipRoutesArgs, "ipv4" | "ipv6">): { ipv4: string; ipv6: string } {
  return { ipv4: canonical("eips.ipv4", args.ipv4, 4), ipv6: canonical("eips.ipv6", args.ipv6, 6) };
}

/** The `ip route` targets of an EIP pair: "<v4>/32" and "<v6>/128". Pure. */
export function eipRouteTargets(args: Pick<EipRoutesArgs, "ipv4" | "ipv6">): { ipv4: string; ipv6: string } {
  const eips = canonicalEips(args);
  return { ipv4: `${eips.ipv4}/32`, ipv6: `${eips.ipv6}/128` };
}

/** The sidecar's shell script. Pure. */
export function renderEipRoutesScript(args: EipRoutesArgs): string {
  const t = eipRouteTargets(args);
  const interval = args.intervalSeconds ?? EIP_ROUTES_DEFAULTS.intervalSeconds;
  if (!Number.isInteger(interval) || interval < 1 || interval > 3600) {
    throw new InputError("intervalSeconds", interval, "is not a number of seconds", "use an integer 1..3600");
  }
  const route = (family: 4 | 6, verb: string, target: string) => `ip -${family} route ${verb} local ${target} dev lo table local`;
  return [
    "#!/bin/sh",
    "# dualstack: keep this node's elastic IPs deliverable (local routes), remove them on exit.",
    "set -u",
    "add() {",
    `  ${route(4, "replace", t.ipv4)} || return 1`,
    `  ${route(6, "replace", t.ipv6)} || return 1`,
    "}",
    "remove() {",
    `  ${route(4, "del", t.ipv4)} 2>/dev/null`,
    `  ${route(6, "del", t.ipv6)} 2>/dev/null`,
    "  return 0",
    "}",
    "trap 'remove; exit 0' TERM INT",
    // The first failure is fatal (no NET_ADMIN, no IPv6): the pod restarts and says why.
    'add || { echo "dualstack: cannot add the elastic IP routes" >&2; exit 1; }',
    'echo "dualstack: elastic IPs routed locally: ' + `${t.ipv4} ${t.ipv6}` + '"',
    "while :; do",
    `  sleep ${interval} &`,
    "  wait $!",
    '  add || echo "dualstack: re-adding the elastic IP routes failed" >&2',
    "done",
    "",
  ].join("\n");
}
