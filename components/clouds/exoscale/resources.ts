// Exoscale dynamic resources. Type tokens: pulumi-nodejs:dynamic/exoscale:<Type>.
// Credentials come from stack config through the provider's configure(), never
// from inputs. Resources with labels get dualstack-id=<project>/<stack>/<name>,
// by which a create whose response was lost is found and adopted (create()
// does not receive the URN).
import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider, stableId } from "../../dynamic";
import type { AntiAffinityGroupInputs } from "./providers/anti-affinity-group";
import type { ElasticIpAttachmentInputs } from "./providers/elastic-ip-attachment";
import type { ElasticIpInputs, Healthcheck } from "./providers/elastic-ip";
import type { InstanceInputs } from "./providers/instance";
import type { InstancePoolElasticIpsInputs } from "./providers/instance-pool-elastic-ips";
import type { NlbServiceInputs } from "./providers/nlb-service";
import type { PrivateNetworkAttachmentInputs } from "./providers/private-network-attachment";
import type { PrivateNetworkInputs } from "./providers/private-network";
import type { SecurityGroupRuleInputs } from "./providers/security-group-rule";
import type { SecurityGroupInputs } from "./providers/security-group";
import type { SksClusterInputs } from "./providers/sks-cluster";
import type { SksKubeconfigInputs } from "./providers/sks-kubeconfig";
import type { SksNodepoolInputs } from "./providers/sks-nodepool";

export const EXOSCALE_MODULE = "exoscale";
export const LABEL_ID = "dualstack-id";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * The serialized provider of a resource: it loads providers/<name> at run
 * time (relative to the package root, which delegatingProvider finds). The
 * path is in every stack's state: keep it.
 */
function providerFor(name: string) {
  return delegatingProvider(`components/clouds/exoscale/providers/${name}`);
}

const providers = {
  instance: providerFor("instance"),
  securityGroup: providerFor("security-group"),
  securityGroupRule: providerFor("security-group-rule"),
  privateNetwork: providerFor("private-network"),
  privateNetworkAttachment: providerFor("private-network-attachment"),
  elasticIp: providerFor("elastic-ip"),
  elasticIpAttachment: providerFor("elastic-ip-attachment"),
  antiAffinityGroup: providerFor("anti-affinity-group"),
  sksCluster: providerFor("sks-cluster"),
  sksNodepool: providerFor("sks-nodepool"),
  instancePoolElasticIps: providerFor("instance-pool-elastic-ips"),
  sksKubeconfig: providerFor("sks-kubeconfig"),
  nlbService: providerFor("nlb-service"),
};


function withIdLabel(name: string, labels: pulumi.Input<Record<string, string> | undefined>): pulumi.Output<Record<string, string>> {
  return pulumi.output(labels).apply((l): Record<string, string> => ({ ...(l ?? {}), [LABEL_ID]: stableId(name) }));
}

type InputList = pulumi.Input<pulumi.Input<string>[]>;

export type InstanceArgs = Omit<Inputs<InstanceInputs>, "publicIpAssignment" | "securityGroups" | "antiAffinityGroups" | "sshKeys"> & {
  /** Security group ids. */
  securityGroups?: InputList;
  /** Anti-affinity group ids. */
  antiAffinityGroups?: InputList;
  /** SSH key names. */
  sshKeys?: InputList;
  /** Default "dual": a public IPv4 and a public IPv6 address. */
  publicIpAssignment?: pulumi.Input<InstanceInputs["publicIpAssignment"]>;
};

export class Instance extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly zone: pulumi.Output<string>;
  declare readonly publicIpAssignment: pulumi.Output<string>;
  declare readonly publicIp: pulumi.Output<string>;
  declare readonly ipv6Address: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly labels: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: InstanceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.instance,
      name,
      { publicIpAssignment: "dual", ...args, labels: withIdLabel(name, args.labels), publicIp: undefined, ipv6Address: undefined, state: undefined },
      opts,
      EXOSCALE_MODULE,
      "Instance",
    );
  }
}

export class SecurityGroup extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: Inputs<SecurityGroupInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.securityGroup, name, { ...args }, opts, EXOSCALE_MODULE, "SecurityGroup");
  }
}

export type SecurityGroupRuleArgs = Inputs<Omit<SecurityGroupRuleInputs, "icmp">> & { icmp?: pulumi.Input<{ type: number; code: number }> };

export class SecurityGroupRule extends pulumi.dynamic.Resource {
  constructor(name: string, args: SecurityGroupRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.securityGroupRule, name, { ...args }, opts, EXOSCALE_MODULE, "SecurityGroupRule");
  }
}

export class PrivateNetwork extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: Inputs<PrivateNetworkInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.privateNetwork, name, { ...args, labels: withIdLabel(name, args.labels) }, opts, EXOSCALE_MODULE, "PrivateNetwork");
  }
}

export class PrivateNetworkAttachment extends pulumi.dynamic.Resource {
  constructor(name: string, args: Inputs<PrivateNetworkAttachmentInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.privateNetworkAttachment, name, { ...args }, opts, EXOSCALE_MODULE, "PrivateNetworkAttachment");
  }
}

export type ElasticIpArgs = Omit<Inputs<ElasticIpInputs>, "healthcheck"> & {
  /** interval defaults to 10 s, timeout to 2 s, strikesOk to 2, strikesFail to 3 (the API's defaults). */
  healthcheck?: pulumi.Input<Pick<Healthcheck, "mode" | "port"> & Partial<Healthcheck>>;
};

export class ElasticIp extends pulumi.dynamic.Resource {
  declare readonly ip: pulumi.Output<string>;
  declare readonly cidr: pulumi.Output<string>;
  declare readonly addressFamily: pulumi.Output<string>;

  constructor(name: string, args: ElasticIpArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.elasticIp,
      name,
      { ...args, labels: withIdLabel(name, args.labels), ip: undefined, cidr: undefined },
      opts,
      EXOSCALE_MODULE,
      "ElasticIp",
    );
  }
}

export class ElasticIpAttachment extends pulumi.dynamic.Resource {
  constructor(name: string, args: Inputs<ElasticIpAttachmentInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.elasticIpAttachment, name, { ...args }, opts, EXOSCALE_MODULE, "ElasticIpAttachment");
  }
}

export class AntiAffinityGroup extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: Inputs<AntiAffinityGroupInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.antiAffinityGroup, name, { ...args }, opts, EXOSCALE_MODULE, "AntiAffinityGroup");
  }
}

/** EXPERIMENTAL on Exoscale: `networking` with dual-stack "v4,v6" ranges. */
export class SksCluster extends pulumi.dynamic.Resource {
  declare readonly endpoint: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;

  constructor(name: string, args: Inputs<SksClusterInputs>, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.sksCluster,
      name,
      { ...args, labels: withIdLabel(name, args.labels), endpoint: undefined, state: undefined },
      opts,
      EXOSCALE_MODULE,
      "SksCluster",
    );
  }
}

export type SksNodepoolArgs = Omit<Inputs<SksNodepoolInputs>, "publicIpAssignment" | "securityGroups" | "antiAffinityGroups"> & {
  /** Default "dual". */
  publicIpAssignment?: pulumi.Input<"inet4" | "dual">;
  /** Security group ids (updated in place); left out, not managed. */
  securityGroups?: InputList;
  /** Anti-affinity group ids (updated in place); left out, not managed. */
  antiAffinityGroups?: InputList;
};

export class SksNodepool extends pulumi.dynamic.Resource {
  /** The Instance Pool SKS runs the nodes in: where InstancePoolElasticIps puts the ingress EIPs. */
  declare readonly instancePoolId: pulumi.Output<string>;

  constructor(name: string, args: SksNodepoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.sksNodepool,
      name,
      { publicIpAssignment: "dual", ...args, labels: withIdLabel(name, args.labels), instancePoolId: undefined },
      opts,
      EXOSCALE_MODULE,
      "SksNodepool",
    );
  }
}

export type InstancePoolElasticIpsArgs = Omit<Inputs<InstancePoolElasticIpsInputs>, "elasticIps"> & {
  /** Elastic IP ids, e.g. a managed inet4 and inet6 ElasticIp. */
  elasticIps: InputList;
};

/**
 * Elastic IPs on every member of an Instance Pool (an SksNodepool's
 * instancePoolId), members created by later scale-ups included. Owns the
 * pool's whole EIP list; deleting it detaches them.
 */
export class InstancePoolElasticIps extends pulumi.dynamic.Resource {
  declare readonly instancePool: pulumi.Output<string>;
  declare readonly elasticIps: pulumi.Output<string[]>;

  constructor(name: string, args: InstancePoolElasticIpsArgs, opts?: pulumi.CustomResourceOptions) {
    super(providers.instancePoolElasticIps, name, { ...args }, opts, EXOSCALE_MODULE, "InstancePoolElasticIps");
  }
}

export type SksKubeconfigArgs = Omit<Inputs<SksKubeconfigInputs>, "groups" | "ttlSeconds"> & {
  groups: InputList;
  /** Validity of the client certificate; default 30 days (the API's default). */
  ttlSeconds?: pulumi.Input<number>;
};

/**
 * A kubeconfig for an SKS cluster (a client certificate for `user` in
 * `groups`). `kubeconfig` is always a secret output. Deleting it revokes
 * nothing: the certificate expires after ttlSeconds; an expired one is renewed
 * at the next update.
 */
export class SksKubeconfig extends pulumi.dynamic.Resource {
  declare readonly kubeconfig: pulumi.Output<string>;
  declare readonly expiresAt: pulumi.Output<string>;

  constructor(name: string, args: SksKubeconfigArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      providers.sksKubeconfig,
      name,
      { ...args, kubeconfig: undefined, expiresAt: undefined },
      { ...opts, additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), "kubeconfig"])] },
      EXOSCALE_MODULE,
      "SksKubeconfig",
    );
  }
}

/** Refuses an IPv6 VIP at preview: Exoscale's NLB is IPv4 only. */
export class NlbService extends pulumi.dynamic.Resource {
  constructor(name: string, args: Inputs<NlbServiceInputs>, opts?: pulumi.CustomResourceOptions) {
    super(providers.nlbService, name, { ...args }, opts, EXOSCALE_MODULE, "NlbService");
  }
}
