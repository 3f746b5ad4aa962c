// Renderers run ahead of time, before any resource: an adapter's preflight
// renders every host's user data with stand-ins for what only `up` knows
// (floating or elastic IPs, secrets), so each renderer's own checks
// (keepalived, HAProxy, cloud-init, k3s) fail the preview instead of an `up`
// halfway through. The renderer's InputError names its own input (e.g.
// "servers[0].ipv4"); the problem names the config key the value came from.
import type { AddressPlan } from "./addressing";
import { InputError, type ConfigProblem } from "./problems";

/** The config key (and its value) a renderer's input came from. */
export interface RenderSource {
  key: string;
  value: unknown;
}

export type SourceOf = (err: InputError) => RenderSource;

/**
 * `render()`'s InputError as a problem of the key `sourceOf` names, saying
 * which output it breaks (`what`, e.g. "the ingress hosts' user data").
 * Any other error is a bug and propagates.
 */
export function renderProblems(what: string, render: () => unknown, sourceOf: SourceOf): ConfigProblem[] {
  try {
    render();
    return [];
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const { key, value } = sourceOf(err);
    return [{ key, value, message: `makes ${what} invalid: ${err.message}` }];
  }
}

/**
 * Where a renderer's value came from: a setting given with that exact value
 * (`settings`: config key to value, e.g. an interface name), else the plan's
 * IPv6 prefix for an IPv6 value and its IPv4 supernet for an IPv4 one, else
 * `fallback`.
 */
export function planSources(plan: Pick<AddressPlan, "ipv4Supernet" | "ipv6Prefix">, settings: Record<string, unknown> = {}, fallback = "dualstack:network"): SourceOf {
  return (err) => {
    const setting = Object.entries(settings).find(([, v]) => v === err.value);
    if (setting) return { key: setting[0], value: setting[1] };
    const text = typeof err.value === "string" ? err.value : "";
    if (text.includes(":")) return { key: "dualstack:network.ipv6Prefix", value: plan.ipv6Prefix };
    if (/^\d+\.\d+\.\d+\.\d+/.test(text)) return { key: "dualstack:network.ipv4Supernet", value: plan.ipv4Supernet };
    return { key: fallback, value: undefined };
  };
}

/** The first problem per key: one bad value breaks every host alike. */
export function firstPerKey(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => !seen.has(p.key) && seen.add(p.key));
}
