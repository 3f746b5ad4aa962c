// Node runtimes: what runs the demo app on a node, as cloud-init user data.
// "docker": Docker Engine with a dual-stack daemon.json and the app container;
// "kubernetes": k3s, dual-stack from cluster creation, the app as a
// Deployment behind a RequireDualStack Service. Pure renderers; the Pulumi
// resources that carry the user data come later.
import { InputError } from "./checks";
import { DockerUserDataArgs, renderDockerUserData } from "./docker/cloud-init";
import { K3sUserDataArgs, renderK3sUserData } from "./kubernetes/cloud-init";

export * from "./docker/daemon-json";
export * from "./docker/cloud-init";
export * from "./kubernetes/k3s-flags";
export * from "./kubernetes/k3s-config";
export * from "./kubernetes/k3s-config-check";
export * from "./kubernetes/manifests";
export * from "./kubernetes/cloud-init";
export { DEMO_APP_DEFAULTS, type DemoAppOptions } from "./demo-app";
export { DEMO_APP_SOURCE_PATH, loadDemoAppSource } from "./demo-app-source";
export { forwardingSysctlFile, privateIpv6NetplanFile, SYSCTL_PATH, type CloudConfig, type HostNetworkOptions, type WriteFile } from "./cloud-init";
export { InputError, type NamedRange } from "./checks";

export type RuntimeKind = "docker" | "kubernetes";
export const RUNTIME_KINDS: readonly RuntimeKind[] = ["docker", "kubernetes"];

export interface RuntimeArgs {
  docker: DockerUserDataArgs;
  kubernetes: K3sUserDataArgs;
}

/** The #cloud-config user data of one node for the stack's runtime. */
export function renderUserData<K extends RuntimeKind>(kind: K, args: RuntimeArgs[K]): string {
  switch (kind) {
    case "docker":
      return renderDockerUserData(args as DockerUserDataArgs);
    case "kubernetes":
      return renderK3sUserData(args as K3sUserDataArgs);
    default:
      throw new InputError("runtime", kind, "is not a runtime", `use one of ${RUNTIME_KINDS.join(", ")}`);
  }
}
export {
  k3sServerCount,
  MAX_K3S_TOKEN_LENGTH,
  nodeUserData,
  nodeUserDataProblems,
  nodeUserDataRenderProblems,
  widestNodeUserData,
  type NodeRuntime,
  type NodeUserDataOptions,
  type UserDataLimit,
  type UserDataUnit,
} from "./node-runtime";
