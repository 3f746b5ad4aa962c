// The entry point: one internet-facing dual-stack NLB in the public subnets
// (cross-zone on), one TCP listener on the ingress port, and a target group
// per family so each family reaches the nodes as itself, client address
// preserved:
//
//   IPv4 clients -> default action -> IPv4 target group, instance targets
//                   (client IPs preserved by default for instance targets)
//   IPv6 clients -> listener rule "source IP address type is ipv6" -> IPv6
//                   target group: target type ip, ipAddressType ipv6, the
//                   nodes' planned IPv6 addresses, client IP preservation on
//
// Why: an NLB forwards according to the target group's address type, and a
// listener's default action forwards to one family only. With only an IPv4
// target group, IPv6 clients still work but are translated at the NLB, so
// the app sees the NLB's private IPv4, never the client (AWS docs, "Client
// IP preservation": no effect on traffic converted between IPv6 and IPv4).
// IPv6 target groups take IP targets only (ELB user guide, target groups:
// IP address type) and only on dual-stack NLBs with TCP/TLS listeners. NLB
// listener rules matching the source IP address type (AWS, July 2026;
// `sourceIp.ipAddressType` in @pulumi/aws) send each family to its own
// group with no translation.
//
// Ports: the listener takes dualstack:aws.ingressPort; the targets are the
// nodes' port 80 (NODE_APP_PORT), where the app answers in both runtimes
// (Docker publishes 80:8080; k3s' ServiceLB serves the demo Service's port
// 80 on every node). Health checks: HTTP GET /healthz on the traffic port,
// i.e. node port 80, per family (the IPv6 group checks over IPv6). Never
// 8080: that is the container's port, not reachable on the node.
import type * as ec2 from "@pulumi/aws/ec2";
import * as lb from "@pulumi/aws/lb";
import * as pulumi from "@pulumi/pulumi";
import { NODE_APP_PORT } from "./instance";
import type { DualStackNetwork } from "./network";
import { named, type Names } from "../../../cluster/names";
import { tagsFor } from "./tags";

/** What the NLB's health checks ask of the demo app (apps/demo-app answers 200 on /healthz); the traffic port is node port 80. */
export const HEALTH_CHECK = {
  enabled: true,
  protocol: "HTTP",
  path: "/healthz",
  port: "traffic-port",
  matcher: "200",
  interval: 10,
  timeout: 5,
  healthyThreshold: 3,
  unhealthyThreshold: 3,
} as const;

/** Priority of the IPv6 rule; the IPv4 path is the listener's default action. */
export const IPV6_RULE_PRIORITY = 10;

/** The entry point: the NLB, whose one DNS name has A and AAAA records. */
export interface Nlb {
  loadBalancer: lb.LoadBalancer;
  dnsName: pulumi.Output<string>;
  /** Both families connect to the one name. */
  ipv4: pulumi.Output<string>;
  ipv6: pulumi.Output<string>;
  urls: { ipv4: pulumi.Output<string>; ipv6: pulumi.Output<string> };
  vpcId: pulumi.Output<string>;
  port: number;
  names: Names;
}

export function nlb(names: Names, network: DualStackNetwork, port: number, opts: pulumi.CustomResourceOptions): Nlb {
  const loadBalancer = new lb.LoadBalancer(
    named(names.pulumi, "nlb"),
    {
      loadBalancerType: "network",
      internal: false,
      ipAddressType: "dualstack",
      subnets: network.publicSubnets.map((s) => s.id),
      enableCrossZoneLoadBalancing: true,
      tags: tagsFor(names.api, "nlb"),
    },
    opts,
  );
  const url = endpointUrl(loadBalancer.dnsName, port);
  return { loadBalancer, dnsName: loadBalancer.dnsName, ipv4: loadBalancer.dnsName, ipv6: loadBalancer.dnsName, urls: { ipv4: url, ipv6: url }, vpcId: network.vpc.id, port, names };
}

/** A node behind the NLB: its instance and its planned IPv6 address (the IPv6 group's IP target). */
export interface Target {
  name: string;
  instance: ec2.Instance;
  ipv6: pulumi.Output<string>;
}

export interface Listeners {
  targetGroups: { ipv4: lb.TargetGroup; ipv6: lb.TargetGroup };
  listener: lb.Listener;
  ipv6Rule: lb.ListenerRule;
}

/** The NLB's listener, one target group per family, and every node in both. */
export function listeners(entry: Nlb, targets: Target[], opts: pulumi.CustomResourceOptions): Listeners {
  const names = entry.names;
  const n = (rest: string) => named(names.pulumi, rest);
  const tags = (name: string) => tagsFor(names.api, name);
  const targetPort = NODE_APP_PORT;
  const common = { vpcId: entry.vpcId, port: targetPort, protocol: "TCP", preserveClientIp: "true", healthCheck: { ...HEALTH_CHECK } };
  const ipv4 = new lb.TargetGroup(n("app-v4"), { ...common, targetType: "instance", tags: tags("app-v4") }, opts);
  const ipv6 = new lb.TargetGroup(n("app-v6"), { ...common, targetType: "ip", ipAddressType: "ipv6", tags: tags("app-v6") }, opts);

  for (const target of targets) {
    new lb.TargetGroupAttachment(n(`app-v4-${target.name}`), { targetGroupArn: ipv4.arn, targetId: target.instance.id, port: targetPort }, opts);
    // IP targets by the node's planned IPv6 address; depend on the instance so the address exists when registered.
    new lb.TargetGroupAttachment(n(`app-v6-${target.name}`), { targetGroupArn: ipv6.arn, targetId: target.ipv6, port: targetPort }, { ...opts, dependsOn: [target.instance] });
  }

  const listener = new lb.Listener(
    n("app"),
    { loadBalancerArn: entry.loadBalancer.arn, port: entry.port, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: ipv4.arn }], tags: tags("app") },
    opts,
  );
  const ipv6Rule = new lb.ListenerRule(
    n("app-ipv6"),
    {
      listenerArn: listener.arn,
      priority: IPV6_RULE_PRIORITY,
      conditions: [{ sourceIp: { ipAddressType: "ipv6" } }],
      actions: [{ type: "forward", targetGroupArn: ipv6.arn }],
      tags: tags("app-ipv6"),
    },
    opts,
  );
  return { targetGroups: { ipv4, ipv6 }, listener, ipv6Rule };
}

/** The URL clients use: the NLB's name, which resolves to A and AAAA records; the port only when not 80. */
export function endpointUrl(dnsName: pulumi.Input<string>, port: number): pulumi.Output<string> {
  return pulumi.interpolate`http://${dnsName}${port === 80 ? "" : `:${port}`}/`;
}
