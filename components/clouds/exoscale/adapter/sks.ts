// Managed Kubernetes on Exoscale: SKS with dual-stack pods and services, and
// a dual-stack ingress that does not use SKS's LoadBalancer Services (those
// become IPv4-only NLBs): two managed elastic IPs, inet4 and inet6, on the
// nodepool's instance pool, served on every node by the haproxy DaemonSet
// (components/runtime/managed/sks-ingress) and taken off a node by the EIP
// healthcheck when its haproxy is down. Its own module, loaded only in
// managed mode: it loads the Kubernetes SDK.
import * as pulumi from "@pulumi/pulumi";
import type { AddressPlan } from "../../../addressing";
import { named, type ManagedAdapter, type ManagedEndpoints, type ManagedTypes } from "../../../cluster";
import type { ConfigProblem } from "../../../problems";
import { DEMO_APP_DEFAULTS } from "../../../runtime/demo-app";
import type { SksDualStackCluster } from "../../../runtime/managed/sks";
import { SksDualStackIngress } from "../../../runtime/managed/sks-ingress";
import { DualStackWorkloads } from "../../../runtime/managed/workloads";
import { sksCluster, sksEntry, sksNetwork, type SksNetwork, type SksSettings } from "./sks-infra";

export interface SksTypes extends ManagedTypes {
  network: SksNetwork;
  cluster: SksDualStackCluster;
}

export class SksAdapter implements ManagedAdapter<SksTypes> {
  readonly cloud = "Exoscale (SKS)";

  constructor(private readonly s: SksSettings) {}

  preflight(): ConfigProblem[] {
    // SKS's limits on the plan are checked by SksDualStackCluster before it registers, and by the stack's settings.
    return [];
  }

  network(prefix: string, plan: AddressPlan, parent: pulumi.Resource): SksNetwork {
    return sksNetwork({ pulumi: prefix, api: plan.name }, this.s.sks.cni, { parent });
  }

  cluster(prefix: string, plan: AddressPlan, network: SksNetwork, nodeCount: number, parent: pulumi.Resource): SksDualStackCluster {
    return sksCluster({ pulumi: prefix, api: plan.name }, plan, network, this.s, nodeCount, { parent });
  }

  ingress(prefix: string, plan: AddressPlan, _network: SksNetwork, sks: SksDualStackCluster, parent: pulumi.Resource): ManagedEndpoints {
    const eips = sksEntry({ pulumi: prefix, api: plan.name }, this.s.zone, sks, { parent }).elasticIps;
    const app = new DualStackWorkloads(named(prefix, "app"), { kubeconfig: sks.kubeconfig, family: "dual", ingress: "exoscale-eip" }, { parent });
    new SksDualStackIngress(
      named(prefix, "ingress"),
      {
        provider: app.provider,
        eips: { ipv4: eips.ipv4, ipv6: eips.ipv6 },
        serviceClusterIps: app.clusterIps,
        servicePort: DEMO_APP_DEFAULTS.publicPort,
        dependsOn: [app.service],
      },
      { parent },
    );
    return { ipv4: pulumi.interpolate`http://${eips.ipv4}/`, ipv6: pulumi.interpolate`http://[${eips.ipv6}]/`, addresses: { ipv4: eips.ipv4, ipv6: eips.ipv6 } };
  }
}
