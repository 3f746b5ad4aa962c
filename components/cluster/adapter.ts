// The seam between the one cluster composition and each cloud. An adapter
// knows how its cloud makes a network, a host with given addresses and
// software, and an entry point for both families; the cluster component only
// decides what to make and in which order, and never asks which cloud it is.
// Every method creates its resources as children of `parent`, with names
// that start with `name` (two clusters can share a program).
import type * as pulumi from "@pulumi/pulumi";
import type { AddressPlan, PlannedHost, PlannedIngressHost, PlannedNode } from "../addressing";
import type { ConfigProblem } from "../problems";
import type { NodeRuntime } from "../runtime/node-runtime";
import type { NetworkAdapter } from "./network";

export type Role = "nodes" | "ingress";

/**
 * How clients of both families reach the nodes, a strategy of the adapter:
 * - "hosts": the plan's ingress hosts run HAProxy behind the entry point;
 * - "load-balancer": the cloud's load balancer is the entry point and sends
 *   each family to the nodes itself; the plan's ingress hosts are not built.
 */
export type IngressKind = "hosts" | "load-balancer";

/** What clients connect to, one per family: an address, or a DNS name with A and AAAA records. */
export interface EntryAddresses {
  ipv4: pulumi.Output<string>;
  ipv6: pulumi.Output<string>;
  /** The URLs clients use, where they are not http://<ipv4>/ and http://[<ipv6>]/ (a DNS name, another port). */
  urls?: { ipv4: pulumi.Output<string>; ipv6: pulumi.Output<string> };
}

/** A host as the cloud made it: its public addresses where it has any (the lab's hosts have none). */
export interface MadeHost {
  publicIpv4: pulumi.Output<string> | undefined;
  publicIpv6: pulumi.Output<string> | undefined;
  /**
   * What else the next host of a one-at-a-time role waits for, made outside
   * this host's component: the entry point's attachments that are done once
   * this host serves again (Exoscale's EIP attachments).
   */
  settled?: pulumi.Resource[];
}

/** The types one adapter works with; the cluster passes them along without looking inside. */
export interface AdapterTypes {
  /** What the adapter made for the plan's networks (private networks, security groups, a lab switch). */
  network: unknown;
  /** A role's placement (anti-affinity groups), if the cloud has any. */
  placement: unknown;
  /** What a host runs: cloud-init user data, or the lab's processes. */
  software: unknown;
  /** The movable entry point (floating IPs, elastic IPs, VRRP VIPs). */
  entry: EntryAddresses;
  host: MadeHost;
}

export interface HostRequest<T extends AdapterTypes> {
  /** Pulumi name of the host's resources. */
  name: string;
  plan: AddressPlan;
  host: PlannedHost;
  role: Role;
  /** The host's index within its role (placement groups, first master). */
  index: number;
  network: T["network"];
  placement: T["placement"];
  software: T["software"];
  /** The entry point, made before the hosts (a load balancer's pools that a node's interface joins). */
  entry: T["entry"];
}

export interface CloudAdapter<T extends AdapterTypes = AdapterTypes> extends NetworkAdapter<T["network"]> {
  /** The cloud's name as messages say it. */
  readonly cloud: string;
  /** The ingress strategy; default "hosts". */
  readonly ingress?: IngressKind;
  /**
   * Roles whose hosts the engine changes one at a time, each after the one
   * before it finished (default: the ingress hosts, so a change never takes
   * the whole entry point away; nodes too where their replacement is not
   * covered by the others).
   */
  readonly oneAtATime?: readonly Role[];
  /** Everything wrong with building `plan` here, found before anything is created (user-data limits, ...). */
  preflight(plan: AddressPlan, runtime: NodeRuntime): ConfigProblem[];
  /** The role's placement (its hosts: the plan's nodes or ingress hosts). */
  placement(name: string, plan: AddressPlan, role: Role, parent: pulumi.Resource): T["placement"];
  nodeSoftware(plan: AddressPlan, node: PlannedNode, runtime: NodeRuntime): T["software"];
  entryPoint(name: string, plan: AddressPlan, parent: pulumi.Resource, network: T["network"]): T["entry"];
  /** What an ingress host runs; needed with the "hosts" ingress only. */
  ingressSoftware?(plan: AddressPlan, host: PlannedIngressHost, entry: T["entry"]): T["software"];
  host(request: HostRequest<T>, parent: pulumi.Resource): T["host"];
  /**
   * Puts the entry point on the hosts behind it, once they all exist: the
   * ingress hosts (initial placement, attachments), or with a load balancer
   * the nodes (listeners, target groups).
   */
  attachEntryPoint(name: string, entry: T["entry"], hosts: T["host"][], parent: pulumi.Resource): void;
}
