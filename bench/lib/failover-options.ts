// The failover bench's command line (see bench/failover.ts for the usage).
import { parseArgs } from "node:util";
import { takeoverTimeSeconds } from "../../components/failover";
import type { CrashMode } from "./ingress";

export interface Options {
  stack: string;
  rounds: number;
  advert: number;
  mode: CrashMode;
  keep: boolean;
  probeTimeoutMs: number;
  holdMs: number;
  settleMs: number;
  /** Write raw samples, VIP changes and round times here (JSON), for offline analysis. */
  dump?: string;
}

export function options(): Options {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", default: "bench-failover" },
      rounds: { type: "string", default: "20" },
      advert: { type: "string", default: "0.1" },
      mode: { type: "string", default: "process" },
      keep: { type: "boolean", default: false },
      "probe-timeout": { type: "string", default: "150" },
      hold: { type: "string", default: "1000" },
      settle: { type: "string", default: "1500" },
      dump: { type: "string" },
    },
  });
  const int = (name: string, v: string | undefined, min: number, maxValue: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > maxValue) throw new Error(`--${name} must be an integer ${min}..${maxValue}, got ${v}`);
    return n;
  };
  const advert = Number(values.advert);
  takeoverTimeSeconds(advert, 100); // validates the VRRPv3 advert interval
  if (values.mode !== "process" && values.mode !== "host") throw new Error(`--mode must be process or host, got ${values.mode}`);
  return {
    stack: values.stack!,
    rounds: int("rounds", values.rounds, 1, 500),
    advert,
    mode: values.mode,
    keep: values.keep!,
    probeTimeoutMs: int("probe-timeout", values["probe-timeout"], 20, 5000),
    holdMs: int("hold", values.hold, 0, 60_000),
    settleMs: int("settle", values.settle, 0, 60_000),
    dump: values.dump,
  };
}
