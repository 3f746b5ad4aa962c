// Checks of the fakes' histories (test/fakes/*/server.ts, `history`): where
// no guest runs, the API's state after every change is the evidence that the
// entry point stayed up during a run and that hosts were replaced one after
// the other. Each check returns what is wrong, one line per problem (empty: fine).
import type { HistoryEntry as CloudscaleMoment } from "../fakes/cloudscale/server";
import type { HistoryEntry as ExoscaleMoment } from "../fakes/exoscale/server";

/** A host at one moment, whatever the cloud: up (running, not going), or going (its deletion under way). */
export interface HostState {
  id: string;
  name: string;
  up: boolean;
  going: boolean;
}
export interface Moment {
  seq: number;
  request: string;
  hosts: HostState[];
}

const at = (m: { seq: number; request: string }) => `#${m.seq} (after ${m.request})`;

/** Moments where a floating IP was unassigned, or on a server that is gone, not running or being deleted. */
export function floatingIpGaps(history: CloudscaleMoment[], addresses: string[]): string[] {
  const problems: string[] = [];
  for (const m of history) {
    for (const address of addresses) {
      const fip = m.floatingIps.find((f) => f.address === address);
      const server = fip?.server ? m.servers.find((s) => s.uuid === fip.server) : undefined;
      if (!fip) problems.push(`${at(m)}: floating IP ${address} does not exist`);
      else if (!fip.server) problems.push(`${at(m)}: floating IP ${address} is on no server`);
      else if (!server) problems.push(`${at(m)}: floating IP ${address} is on server ${fip.server}, which does not exist`);
      else if (server.deleting) problems.push(`${at(m)}: floating IP ${address} is on ${server.name}, which is being deleted`);
      else if (server.status !== "running") problems.push(`${at(m)}: floating IP ${address} is on ${server.name}, which is ${server.status}`);
    }
  }
  return problems;
}

/** Moments where an elastic IP served no existing instance (none attached, healthy and risen). */
export function elasticIpGaps(history: ExoscaleMoment[], elasticIps: string[]): string[] {
  const problems: string[] = [];
  for (const m of history) {
    for (const eip of elasticIps) {
      if (!m.elasticIps.some((e) => e.id === eip)) problems.push(`${at(m)}: elastic IP ${eip} does not exist`);
      else if (!m.instances.some((i) => i.serving.includes(eip))) problems.push(`${at(m)}: elastic IP ${eip} has no healthy instance`);
    }
  }
  return problems;
}

export function cloudscaleMoments(history: CloudscaleMoment[]): Moment[] {
  return history.map((m) => ({
    seq: m.seq,
    request: m.request,
    hosts: m.servers.map((s) => ({ id: s.uuid, name: s.name, up: s.status === "running" && !s.deleting, going: s.deleting })),
  }));
}

export function exoscaleMoments(history: ExoscaleMoment[]): Moment[] {
  return history.map((m) => ({
    seq: m.seq,
    request: m.request,
    hosts: m.instances.map((i) => ({ id: i.id, name: i.name, up: i.state === "running", going: i.state === "destroying" })),
  }));
}

/**
 * That the hosts `names` (in chain order) were each replaced, one after the
 * other: every old host (one of `oldIds`) existed until its deletion began,
 * and host N+1's old one began to go only once host N's new one was up.
 */
export function rollingProblems(moments: Moment[], names: string[], oldIds: Set<string>): string[] {
  const problems: string[] = [];
  /** The first moment the old host of `name` was going or gone. */
  const oldGoing = (name: string) =>
    moments.find((m) => {
      const h = m.hosts.find((x) => x.name === name && oldIds.has(x.id));
      return !h || h.going;
    });
  const newUp = (name: string) => moments.find((m) => m.hosts.some((h) => h.name === name && !oldIds.has(h.id) && h.up));
  for (const [i, name] of names.entries()) {
    const up = newUp(name);
    if (!oldGoing(name)) problems.push(`${name}: the old host was never deleted`);
    if (!up) problems.push(`${name}: no new host came up`);
    const next = names[i + 1];
    const nextGoing = next === undefined ? undefined : oldGoing(next);
    if (up && nextGoing && nextGoing.seq <= up.seq) {
      problems.push(`${next}: its old host began to go at ${at(nextGoing)}, before the new ${name} was up at ${at(up)}`);
    }
  }
  return problems;
}

/** Moments where fewer than `min` of the hosts `names` were up (existing, running, not being deleted). */
export function tooFewUp(moments: Moment[], names: string[], min: number): string[] {
  return moments.flatMap((m) => {
    const up = names.filter((name) => m.hosts.some((h) => h.name === name && h.up));
    return up.length < min ? [`${at(m)}: only ${up.length} of ${names.length} up (${up.join(", ") || "none"}), expected at least ${min}`] : [];
  });
}

/**
 * What differs from "exactly `replaced` got new ids and `kept` kept theirs",
 * given each host's id by API name before and after a change; empty when so.
 */
export function replacementProblems(before: Map<string, string>, after: Map<string, string>, replaced: string[], kept: string[]): string[] {
  return [
    ...replaced.filter((n) => after.get(n) === before.get(n)).map((n) => `${n} was not replaced (id ${before.get(n)})`),
    ...kept.filter((n) => after.get(n) !== before.get(n)).map((n) => `${n} was replaced (${before.get(n)} -> ${after.get(n)})`),
  ];
}
