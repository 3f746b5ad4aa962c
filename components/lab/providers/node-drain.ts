// dualstack:local:NodeDrain — what a lab Kubernetes node does before it goes:
// nothing on create; on delete, `kubectl drain` (cordon, then evict its pods,
// which the Deployment places on the other nodes) while the node's kubelet and
// kube-proxy still run, so removing a node never kills a pod that serves.
// It depends on the node's kube-proxy, so the engine deletes it first.
import type * as pulumi from "@pulumi/pulumi";
import { CommandError, run } from "../linux";

export interface NodeDrainProps {
  /** The Node's name in the cluster. */
  node: string;
  kubectl: string;
  /** The admin kubeconfig (file references only). */
  kubeconfig: string;
}

/** Evictions wait for the pods' graceful stop; the demo app stops in well under this. */
const DRAIN_TIMEOUT_SECONDS = 120;

function kubectlArgs(p: NodeDrainProps, args: string[]): string[] {
  return ["--kubeconfig", p.kubeconfig, "--request-timeout=20s", ...args];
}

/**
 * Whether there is a node to drain: not when the cluster no longer knows it,
 * nor when the API server is gone (a lab whose control plane died: nothing
 * can evict then, and the node's pods go with it; destroy must still work).
 */
async function drainable(p: NodeDrainProps): Promise<boolean> {
  try {
    await run(p.kubectl, kubectlArgs(p, ["get", "node", p.node, "-o", "name"]), { timeoutMs: 30_000 });
    return true;
  } catch (err) {
    if (err instanceof CommandError) return false;
    throw err;
  }
}

export const provider: pulumi.dynamic.ResourceProvider = {
  async diff(_id, olds: NodeDrainProps, news: NodeDrainProps) {
    return { changes: olds.node !== news.node || olds.kubectl !== news.kubectl || olds.kubeconfig !== news.kubeconfig, replaces: olds.node !== news.node ? ["node"] : [], deleteBeforeReplace: true };
  },

  async create(inputs: NodeDrainProps) {
    return { id: inputs.node, outs: inputs };
  },

  async update(_id, _olds: NodeDrainProps, news: NodeDrainProps) {
    return { outs: news };
  },

  async delete(_id, props: NodeDrainProps) {
    if (!(await drainable(props))) return;
    await run(
      props.kubectl,
      kubectlArgs(props, ["drain", props.node, "--ignore-daemonsets", "--delete-emptydir-data", "--grace-period=-1", `--timeout=${DRAIN_TIMEOUT_SECONDS}s`]),
      { timeoutMs: (DRAIN_TIMEOUT_SECONDS + 30) * 1000 },
    );
  },
};
