// Split-brain detection from the VIP watchers: a VIP held by two ingress hosts
// at once for longer than `thresholdMs` (3 x advert: longer than a VRRP
// election may legitimately overlap) while every keepalived runs.
import { FAMILIES, type Family, type VipChange } from "./agents";

export interface OverlapEvent {
  family: Family;
  start: number;
  ms: number;
  hosts: string[];
}

export class SplitBrainTracker {
  private readonly held = new Map<string, Record<Family, boolean>>();
  private readonly open: Partial<Record<Family, { start: number; hosts: string[] }>> = {};
  private armed = true;
  /** Every overlap seen while armed, long or short. */
  readonly overlaps: OverlapEvent[] = [];

  constructor(
    hosts: readonly string[],
    private readonly thresholdMs: number,
  ) {
    for (const h of hosts) this.held.set(h, { ipv4: false, ipv6: false });
  }

  /** Overlaps longer than the threshold: the split-brain events. */
  get events(): OverlapEvent[] {
    return this.overlaps.filter((o) => o.ms > this.thresholdMs);
  }

  update(host: string, change: VipChange): void {
    this.held.set(host, { ipv4: change.ipv4, ipv6: change.ipv6 });
    this.evaluate(change.t);
  }

  /** Counting only makes sense while every keepalived runs (a killed one cannot release its VIPs). */
  setArmed(armed: boolean, t: number): void {
    this.armed = armed;
    this.evaluate(t);
  }

  /** Closes open overlaps (end of run). */
  finish(t: number): void {
    this.armed = false;
    this.evaluate(t);
  }

  private holders(family: Family): string[] {
    return [...this.held].filter(([, h]) => h[family]).map(([name]) => name);
  }

  private evaluate(t: number): void {
    for (const family of FAMILIES) {
      const holders = this.holders(family);
      const overlapping = this.armed && holders.length > 1;
      const open = this.open[family];
      if (overlapping && open === undefined) this.open[family] = { start: t, hosts: holders };
      if (!overlapping && open !== undefined) {
        this.overlaps.push({ family, start: open.start, ms: Math.max(0, t - open.start), hosts: open.hosts });
        delete this.open[family];
      }
    }
  }
}
