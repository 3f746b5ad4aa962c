// The whole local lab for one address plan: a switch, the nodes with the demo
// app, two (or more) ingress hosts with HAProxy + keepalived, and a client
// namespace to test from.
import * as pulumi from "@pulumi/pulumi";
import { parseCidr, type AddressPlan } from "../addressing";
import { labNames } from "./names";
import { LabIngressHost } from "./ingress-host";
import { labHost, LabNode } from "./node";
import { Switch } from "./resources";

export interface LocalLabArgs {
  plan: AddressPlan;
  advertIntervalSeconds: number;
  appPort: number;
  /** Override of /run/dualstack, for tests. */
  stateRoot?: string;
}

/** The client sits at offset 9 of the ingress network: below the hosts (10+), above the VIP (4). */
export const CLIENT_OFFSET = 9;

export class LocalLab extends pulumi.ComponentResource {
  readonly switchNamespace: pulumi.Output<string>;
  readonly clientNamespace: pulumi.Output<string>;

  constructor(name: string, args: LocalLabArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:lab:LocalLab", name, {}, opts);
    const { plan } = args;
    const names = labNames(plan.name, args.stateRoot);
    const lanSwitch = new Switch(
      "switch",
      { namespace: names.switchNamespace, bridge: names.bridge, stateRoot: names.stateRoot },
      { parent: this },
    );

    const nodes = plan.nodes.map(
      (node) => new LabNode(node.name, { names, lanSwitch, host: node, appPort: args.appPort }, { parent: this }),
    );
    // Ingress waits for the nodes so HAProxy's first health checks find them up.
    for (const ingress of plan.ingress.hosts) {
      new LabIngressHost(
        ingress.name,
        { names, lanSwitch, plan, hostName: ingress.name, advertIntervalSeconds: args.advertIntervalSeconds },
        { parent: this, dependsOn: nodes },
      );
    }
    const client = labHost({ names, lanSwitch, host: clientAddress(plan) }, this);

    this.switchNamespace = lanSwitch.namespace;
    this.clientNamespace = client.namespace;
    this.registerOutputs({ switchNamespace: this.switchNamespace, clientNamespace: this.clientNamespace });
  }
}

export function clientAddress(plan: AddressPlan) {
  const network = plan.networks.find((n) => n.name === plan.ingress.network);
  if (!network) throw new Error(`lab: ingress network "${plan.ingress.network}" missing from the plan`);
  const v4 = parseCidr(network.ipv4Cidr, 4);
  const v6 = parseCidr(network.ipv6Cidr, 6);
  if (!v4.ok || !v6.ok) throw new Error(`lab: plan network ${network.name} has invalid CIDRs`);
  return {
    name: "client",
    ipv4: v4.value.addressAt(CLIENT_OFFSET),
    ipv6: v6.value.addressAt(CLIENT_OFFSET),
    ipv4PrefixLength: v4.value.length,
    ipv6PrefixLength: v6.value.length,
  };
}
