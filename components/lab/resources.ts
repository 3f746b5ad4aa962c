// The lab's dynamic resources. Type tokens: pulumi-nodejs:dynamic/local:<Type>
// (module "local"), so policies and previews can tell them apart.
import * as pulumi from "@pulumi/pulumi";
import { delegatingProvider } from "../dynamic";
import type { ClusterPkiProps } from "./providers/cluster-pki";
import type { ContainerProps } from "./providers/container";
import type { CriRuntimeProps } from "./providers/cri-runtime";
import type { DockerEngineProps } from "./providers/docker-engine";
import type { HostProps } from "./providers/host";
import type { NodeDrainProps } from "./providers/node-drain";
import type { ProcessProps } from "./providers/process";
import type { SwitchProps } from "./providers/switch";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

const switchProvider = delegatingProvider("components/lab/providers/switch");
const hostProvider = delegatingProvider("components/lab/providers/host");
const processProvider = delegatingProvider("components/lab/providers/process");

export const LAB_MODULE = "local";

/** A Linux bridge in its own namespace: the lab's L2 segment. */
export class Switch extends pulumi.dynamic.Resource {
  declare readonly namespace: pulumi.Output<string>;
  declare readonly bridge: pulumi.Output<string>;

  constructor(name: string, args: Inputs<SwitchProps>, opts?: pulumi.CustomResourceOptions) {
    super(switchProvider, name, { ...args }, opts, LAB_MODULE, "Switch");
  }
}

/** A namespace on the switch with one IPv4 and one IPv6 address: the lab's VM. */
export class Host extends pulumi.dynamic.Resource {
  declare readonly namespace: pulumi.Output<string>;
  declare readonly ipv4Cidr: pulumi.Output<string>;
  declare readonly ipv6Cidr: pulumi.Output<string>;

  constructor(name: string, args: Inputs<HostProps>, opts?: pulumi.CustomResourceOptions) {
    super(hostProvider, name, { ...args }, opts, LAB_MODULE, "Host");
  }
}

/** A long-running process in a host, with its config files. */
export class Process extends pulumi.dynamic.Resource {
  declare readonly running: pulumi.Output<boolean>;
  declare readonly pid: pulumi.Output<number>;

  constructor(name: string, args: Omit<Inputs<ProcessProps>, "running">, opts?: pulumi.CustomResourceOptions) {
    super(processProvider, name, { ...args, running: true, pid: undefined }, opts, LAB_MODULE, "Process");
  }
}

const dockerEngineProvider = delegatingProvider("components/lab/providers/docker-engine");
const containerProvider = delegatingProvider("components/lab/providers/container");

/** A Docker Engine (dockerd + its containerd + runc) in a lab node's namespace. */
export class DockerEngine extends pulumi.dynamic.Resource {
  declare readonly running: pulumi.Output<boolean>;
  declare readonly socket: pulumi.Output<string>;

  constructor(name: string, args: Omit<Inputs<DockerEngineProps>, "running">, opts?: pulumi.CustomResourceOptions) {
    super(dockerEngineProvider, name, { ...args, running: true, pid: undefined, socket: undefined }, opts, LAB_MODULE, "DockerEngine");
  }
}

/** A container in a lab node's engine (the demo app), with its addresses. */
export class Container extends pulumi.dynamic.Resource {
  declare readonly running: pulumi.Output<boolean>;
  declare readonly containerId: pulumi.Output<string>;
  declare readonly ipv4: pulumi.Output<string>;
  declare readonly ipv6: pulumi.Output<string>;

  constructor(name: string, args: Omit<Inputs<ContainerProps>, "running">, opts?: pulumi.CustomResourceOptions) {
    super(containerProvider, name, { ...args, running: true, containerId: undefined, ipv4: undefined, ipv6: undefined }, opts, LAB_MODULE, "Container");
  }
}

const criRuntimeProvider = delegatingProvider("components/lab/providers/cri-runtime");

/** containerd with its CRI plugin in a lab node's namespace, the pods' images imported. */
export class CriRuntime extends pulumi.dynamic.Resource {
  declare readonly running: pulumi.Output<boolean>;

  constructor(name: string, args: Omit<Inputs<CriRuntimeProps>, "running">, opts?: pulumi.CustomResourceOptions) {
    super(criRuntimeProvider, name, { ...args, running: true, pid: undefined }, opts, LAB_MODULE, "CriRuntime");
  }
}

const clusterPkiProvider = delegatingProvider("components/lab/providers/cluster-pki");

/**
 * The certificates of a lab Kubernetes cluster, as files in `dir`
 * (kubernetes/pki-layout.ts: pkiPaths). Outputs hold the CA certificate and
 * its fingerprint, never a private key.
 */
export class ClusterPki extends pulumi.dynamic.Resource {
  declare readonly dir: pulumi.Output<string>;
  declare readonly complete: pulumi.Output<boolean>;
  declare readonly caCertPem: pulumi.Output<string>;
  declare readonly caFingerprint: pulumi.Output<string>;

  constructor(name: string, args: Omit<Inputs<ClusterPkiProps>, "complete">, opts?: pulumi.CustomResourceOptions) {
    super(clusterPkiProvider, name, { ...args, complete: true, caCertPem: undefined, caFingerprint: undefined }, opts, LAB_MODULE, "ClusterPki");
  }
}

const nodeDrainProvider = delegatingProvider("components/lab/providers/node-drain");

/** Drains a lab Kubernetes node (cordon, evict its pods) before the node's parts are deleted. */
export class NodeDrain extends pulumi.dynamic.Resource {
  constructor(name: string, args: Inputs<NodeDrainProps>, opts?: pulumi.CustomResourceOptions) {
    super(nodeDrainProvider, name, { ...args }, opts, LAB_MODULE, "NodeDrain");
  }
}
