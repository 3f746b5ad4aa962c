// Client-observed outage from the prober's samples (one family, sorted by t).

import type { ProbeSample } from "./agents";

export interface Outage {
  /**
   * Start of the first OK probe after the failures minus start of the last OK
   * probe before them (ms); 0 when no probe failed. Resolution: the probe
   * interval, or the probe timeout while attempts hang (SYN into a black hole).
   */
  ms: number;
  /** Failed probes in the whole window (including any after the first recovery). */
  lost: number;
  /** Failed probes after the first recovery: flapping. */
  lostAfterRecovery: number;
  /**
   * Lower bound: start of the last failed probe minus start of the last OK
   * one before the failures. The truth lies in [minMs, ms]; a probe that
   * hangs until its timeout widens the gap.
   */
  minMs: number;
  /** The first OK probe after the outage (undefined when nothing failed). */
  firstOk?: ProbeSample;
  /** The last OK probe in the window: who answers once things settled. */
  lastOk?: ProbeSample;
  /** false when no probe succeeded again inside the window. */
  recovered: boolean;
}

/**
 * The outage caused by an event at `from` and observed up to `to`: failures
 * are probes that ENDED after `from` (one in flight at the kill counts).
 */
export function outageIn(samples: readonly ProbeSample[], from: number, to: number): Outage {
  const window = samples.filter((s) => s.t + s.d >= from && s.t < to);
  const lost = window.filter((s) => !s.ok).length;
  const oks = window.filter((s) => s.ok);
  const lastInWindow = oks[oks.length - 1];
  const firstFail = window.findIndex((s) => !s.ok);
  if (firstFail < 0) return { ms: 0, minMs: 0, lost: 0, lostAfterRecovery: 0, lastOk: lastInWindow, recovered: true };

  const failedAt = window[firstFail].t;
  const before = samples.filter((s) => s.ok && s.t < failedAt);
  const lastOk = before[before.length - 1];
  const afterIdx = window.findIndex((s, i) => i > firstFail && s.ok);
  const since = lastOk?.t ?? from;
  if (afterIdx < 0) return { ms: to - since, minMs: to - since, lost, lostAfterRecovery: 0, recovered: false };
  const firstOk = window[afterIdx];
  const lastFail = window[afterIdx - 1];
  const lostAfterRecovery = window.slice(afterIdx).filter((s) => !s.ok).length;
  return { ms: firstOk.t - since, minMs: lastFail.t - since, lost, lostAfterRecovery, firstOk, lastOk: lastInWindow, recovered: true };
}
