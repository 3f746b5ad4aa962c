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
import * as lb from "@pulumi/aws/lb";
import * as pulumi from "@pulumi/pulumi";
import type { DualStackNetwork } from "./network";
import { NODE_APP_PORT, type Nodes } from "./nodes";
import type { AwsSettings } from "./settings";
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

export interface Ingress {
  loadBalancer: lb.LoadBalancer;
  targetGroups: { ipv4: lb.TargetGroup; ipv6: lb.TargetGroup };
  listener: lb.Listener;
  ipv6Rule: lb.ListenerRule;
  dnsName: pulumi.Output<string>;
}

export interface IngressArgs {
  prefix: string;
  network: DualStackNetwork;
  settings: AwsSettings;
  nodes: Nodes;
}

export function ingress(a: IngressArgs): Ingress {
  const port = a.settings.ingressPort;
  const targetPort = NODE_APP_PORT;
  const vpcId = a.network.vpc.id;
  const loadBalancer = new lb.LoadBalancer("nlb", {
    loadBalancerType: "network",
    internal: false,
    ipAddressType: "dualstack",
    subnets: a.network.publicSubnets.map((s) => s.id),
    enableCrossZoneLoadBalancing: true,
    tags: tagsFor(a.prefix, "nlb"),
  });

  const common = { vpcId, port: targetPort, protocol: "TCP", preserveClientIp: "true", healthCheck: { ...HEALTH_CHECK } };
  const ipv4 = new lb.TargetGroup("app-v4", { ...common, targetType: "instance", tags: tagsFor(a.prefix, "app-v4") });
  const ipv6 = new lb.TargetGroup("app-v6", { ...common, targetType: "ip", ipAddressType: "ipv6", tags: tagsFor(a.prefix, "app-v6") });

  a.nodes.instances.forEach((instance, i) => {
    const node = a.nodes.summaries[i].name;
    new lb.TargetGroupAttachment(`app-v4-${node}`, { targetGroupArn: ipv4.arn, targetId: instance.id, port: targetPort });
    // IP targets by the node's planned IPv6 address; depend on the instance so the address exists when registered.
    new lb.TargetGroupAttachment(`app-v6-${node}`, { targetGroupArn: ipv6.arn, targetId: a.nodes.ipv6[i], port: targetPort }, { dependsOn: [instance] });
  });

  const listener = new lb.Listener("app", {
    loadBalancerArn: loadBalancer.arn,
    port,
    protocol: "TCP",
    defaultActions: [{ type: "forward", targetGroupArn: ipv4.arn }],
    tags: tagsFor(a.prefix, "app"),
  });
  const ipv6Rule = new lb.ListenerRule("app-ipv6", {
    listenerArn: listener.arn,
    priority: IPV6_RULE_PRIORITY,
    conditions: [{ sourceIp: { ipAddressType: "ipv6" } }],
    actions: [{ type: "forward", targetGroupArn: ipv6.arn }],
    tags: tagsFor(a.prefix, "app-ipv6"),
  });

  return { loadBalancer, targetGroups: { ipv4, ipv6 }, listener, ipv6Rule, dnsName: loadBalancer.dnsName };
}

/** The URL clients use: the NLB's name, which resolves to A and AAAA records; the port only when not 80. */
export function endpointUrl(dnsName: pulumi.Input<string>, port: number): pulumi.Output<string> {
  return pulumi.interpolate`http://${dnsName}${port === 80 ? "" : `:${port}`}/`;
}
