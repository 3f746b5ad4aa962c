// kubeconfigs of the lab cluster's clients. They name the certificate files
// (never embed them), so they hold no secret: the keys stay in the PKI
// directory, mode 0600, and out of Pulumi's state.
import * as path from "node:path";
import { toYaml } from "../../runtime/yaml";
import type { pkiPaths } from "./pki-layout";
import type { ControlPlaneDirs } from "./paths";

export type PkiPaths = ReturnType<typeof pkiPaths>;
export type Pair = PkiPaths["ca"];

export type ControlPlaneClient = "admin" | "controller-manager" | "scheduler";

export function kubeconfigFile(dirs: ControlPlaneDirs, client: ControlPlaneClient): string {
  return path.join(dirs.kubeconfigs, `${client}.kubeconfig`);
}

/** A kubeconfig for one client certificate against one API server URL. */
export function renderKubeconfig(o: { cluster: string; server: string; caFile: string; user: string; client: Pair }): string {
  return toYaml({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: o.cluster, cluster: { server: o.server, "certificate-authority": o.caFile } }],
    users: [{ name: o.user, user: { "client-certificate": o.client.cert, "client-key": o.client.key } }],
    contexts: [{ name: o.cluster, context: { cluster: o.cluster, user: o.user } }],
    "current-context": o.cluster,
  });
}
