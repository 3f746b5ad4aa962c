// What the failover bench watches while it runs: the prober's samples from
// the client namespace and every ingress host's VIPs (vipwatch.js), with
// split-brain tracking on top.
import { checkInterrupted, pause, type BenchLab } from "./lab";
import { Agent, FAMILIES, type Family, type ProbeSample, type VipChange } from "./agents";
import type { Held, IngressHost } from "./ingress";
import type { Outage } from "./outage";
import { SplitBrainTracker } from "./split-brain";
import { nowMs } from "./stats";

/** Live view of the lab during the run: probe samples, VIP holders, split-brain tracking. */
export class Observer {
  readonly samples: Record<Family, ProbeSample[]> = { ipv4: [], ipv6: [] };
  readonly held = new Map<string, Held>();
  readonly vipChanges: (VipChange & { host: string })[] = [];
  /** Hosts whose watcher reported at least once (a node process takes ~1 s to start here). */
  private readonly reported = new Set<string>();
  readonly tracker: SplitBrainTracker;
  private readonly agents: Agent<unknown>[] = [];
  private readonly hostByAddress = new Map<string, string>();

  constructor(
    lab: BenchLab,
    readonly hosts: IngressHost[],
    opts: { advert: number; probeTimeoutMs: number },
  ) {
    const vips = lab.outputs.addressPlan.ingress.vips;
    for (const h of hosts) {
      this.hostByAddress.set(h.ipv4, h.name);
      this.hostByAddress.set(h.ipv6, h.name);
      this.held.set(h.name, { ipv4: false, ipv6: false });
    }
    this.tracker = new SplitBrainTracker(
      hosts.map((h) => h.name),
      3 * opts.advert * 1000,
    );
    const proberArgs = ["--v4", vips.ipv4, "--v6", vips.ipv6, "--interval", "10", "--timeout", String(opts.probeTimeoutMs)];
    this.agents.push(
      new Agent<ProbeSample>(lab.outputs.clientNamespace, "prober.js", proberArgs, (s) => this.samples[s.family]?.push(s)),
    );
    for (const h of hosts) {
      this.agents.push(
        new Agent<VipChange>(h.ns, "vipwatch.js", ["--v4", vips.ipv4, "--v6", vips.ipv6, "--interval", "20"], (c) => {
          this.held.set(h.name, { ipv4: c.ipv4, ipv6: c.ipv6 });
          this.vipChanges.push({ ...c, host: h.name });
          this.reported.add(h.name);
          this.tracker.update(h.name, c);
        }),
      );
    }
  }

  /** Ingress host that proxied a sample (the node saw its address as the client). */
  hostOf(s: ProbeSample | undefined): string | undefined {
    return s?.client === undefined ? undefined : (this.hostByAddress.get(s.client) ?? s.client);
  }

  /** Who answered right after the outage; after a seamless switch (nothing lost), who answers at its end. */
  answeredAfter(o: Outage): string | undefined {
    return this.hostOf(o.lost > 0 ? o.firstOk : o.lastOk);
  }

  /** `host` holds both VIPs (and, if exclusive, nobody else holds one) and both families answer through it since `since`. */
  steady(host: string, since: number, exclusive: boolean): boolean {
    if (this.reported.size < this.hosts.length) return false;
    const held = this.held.get(host);
    if (!held?.ipv4 || !held.ipv6) return false;
    if (exclusive && [...this.held].some(([name, h]) => name !== host && (h.ipv4 || h.ipv6))) return false;
    return FAMILIES.every((f) => {
      const last = this.samples[f][this.samples[f].length - 1];
      return last !== undefined && last.ok && last.t > since && this.hostOf(last) === host;
    });
  }

  async waitSteady(host: string, since: number, exclusive: boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      checkInterrupted();
      if (this.steady(host, since, exclusive)) return true;
      this.checkAgents();
      await pause(20);
    }
    return false;
  }

  checkAgents(): void {
    const dead = this.agents.find((a) => !a.running);
    if (dead) throw new Error(`a probe/watch agent died: ${dead.errors || "(no stderr)"}`);
  }

  async stop(): Promise<void> {
    this.tracker.finish(nowMs());
    await Promise.all(this.agents.map((a) => a.stop()));
  }
}
