// Drives a throwaway lab stack on the real engine, for integration tests and
// benchmarks: its own stack name (so it never touches the user's `local`
// stack) and its own config file outside the repo (--config-file).
import * as fs from "node:fs";
import { stringify } from "yaml";
import type { AddressPlan } from "../../components/addressing";
import { EngineStack } from "./engine-stack";

export interface LabStackOptions {
  /** Stack name; also names the lab's namespaces (ds-<stack>-...). */
  stack: string;
  nodes?: number;
  ingress?: number;
  /** `ingress.maxCount`: room kept for ingress hosts to come, so adding one moves no node. */
  ingressMaxCount?: number;
  ipv4Supernet?: string;
  ipv6Prefix?: string;
  advertIntervalSeconds?: number;
  /** `local.haproxy` and `local.keepalived`: the ingress daemons' binaries. */
  binaries?: { haproxy?: string; keepalived?: string };
  /** Extra `dualstack:*` keys, merged over the defaults. */
  extra?: Record<string, unknown>;
}

export interface LabOutputs {
  addressPlan: AddressPlan;
  clientNamespace: string;
  switchNamespace: string;
  endpoints: { ipv4: string; ipv6: string };
}

export class LabStack extends EngineStack {
  constructor(readonly options: LabStackOptions) {
    super(options.stack);
    this.writeConfig(options);
  }

  writeConfig(options: LabStackOptions): void {
    const config: Record<string, unknown> = {
      "dualstack:provider": "local",
      "dualstack:network": {
        ipv4Supernet: options.ipv4Supernet ?? "10.88.0.0/16",
        ...(options.ipv6Prefix ? { ipv6Prefix: options.ipv6Prefix } : {}),
        zones: ["lab"],
        tiers: { ingress: "lab", nodes: "lab" },
      },
      "dualstack:nodes": { count: options.nodes ?? 3 },
      "dualstack:ingress": { count: options.ingress ?? 2, ...(options.ingressMaxCount ? { maxCount: options.ingressMaxCount } : {}) },
      "dualstack:local": { advertIntervalSeconds: options.advertIntervalSeconds ?? 0.1, ...options.binaries },
    };
    for (const [k, v] of Object.entries(options.extra ?? {})) config[`dualstack:${k}`] = v;
    fs.writeFileSync(this.configFile, stringify({ config }));
  }

  /** Creates the stack in the backend if missing, without changing the user's selected stack. */
  init(): Promise<void> {
    return this.createStack();
  }

  outputs(): Promise<LabOutputs> {
    return this.stackOutputs<LabOutputs>();
  }
}
