// exoscale:SksKubeconfig — a kubeconfig for an SKS cluster, from
// POST /sks-cluster-kubeconfig/{id} {user, groups, ttl} -> {kubeconfig: <base64>}
// (egoscale v3 OpenAPI: generate-sks-cluster-kubeconfig; synchronous, no
// operation). The API issues a client certificate (CN = user, O = groups)
// valid for `ttl` seconds and cannot return it again, so read() keeps the
// stored kubeconfig and only checks that the cluster still exists. delete() is
// a no-op: Exoscale has no call to revoke one kubeconfig, the certificate
// simply expires after ttlSeconds (rotating the cluster's CA revokes all).
// The resource class marks `kubeconfig` as a secret output.
import { randomUUID } from "node:crypto";
import type { ExoscaleClient } from "../client";
import { exoscaleProvider } from "../provider";
import { checkName, checkZone, failure, Failure } from "../validate";

/** The API's default validity: 30 days. */
export const DEFAULT_KUBECONFIG_TTL_SECONDS = 30 * 24 * 3600;

export interface SksKubeconfigInputs {
  zone: string;
  /** SKS cluster id. */
  cluster: string;
  /** Certificate CN, the Kubernetes user name. */
  user: string;
  /** Certificate O fields, the Kubernetes groups (e.g. "system:masters"). */
  groups: string[];
  /** Validity of the client certificate, in seconds. */
  ttlSeconds: number;
}

export interface SksKubeconfigOutputs extends SksKubeconfigInputs {
  /** The kubeconfig YAML (decoded). A secret output. */
  kubeconfig: string;
  /** When the client certificate expires (ISO 8601, from the create time and ttlSeconds). */
  expiresAt: string;
}

export function validateSksKubeconfig(k: SksKubeconfigInputs): Failure[] {
  const groups = k.groups as unknown;
  return [
    ...checkZone(k.zone),
    ...(typeof k.cluster === "string" && k.cluster !== "" ? [] : [failure("cluster", k.cluster, "expected an SKS cluster id")]),
    ...checkName("user", k.user),
    ...(Array.isArray(groups) && groups.every((g) => typeof g === "string" && g !== "")
      ? []
      : [failure("groups", groups, 'expected a list of group names such as ["system:masters"]')]),
    ...(typeof k.ttlSeconds === "number" && Number.isSafeInteger(k.ttlSeconds) && k.ttlSeconds > 0
      ? []
      : [failure("ttlSeconds", k.ttlSeconds, `expected a positive integer number of seconds (the API's default is ${DEFAULT_KUBECONFIG_TTL_SECONDS}, 30 days)`)]),
  ];
}

/** The kubeconfig text from the API's answer (base64 in `kubeconfig`). Pure. */
export function decodeSksKubeconfig(body: unknown): string {
  const encoded = (body as { kubeconfig?: unknown } | undefined)?.kubeconfig;
  const text = typeof encoded === "string" ? Buffer.from(encoded, "base64").toString("utf8") : "";
  if (!/\bapiVersion:/.test(text) || !/\bclusters:/.test(text)) {
    throw new Error("exoscale SksKubeconfig: POST /sks-cluster-kubeconfig returned no kubeconfig");
  }
  return text;
}

async function generate(c: ExoscaleClient, k: SksKubeconfigInputs): Promise<string> {
  // Safe to repeat (a lost answer only leaves an unused, expiring certificate), so retried like a GET.
  const { body } = await c.http.request<unknown>({
    method: "POST",
    path: `/sks-cluster-kubeconfig/${k.cluster}`,
    body: { user: k.user, groups: k.groups, ttl: k.ttlSeconds },
    idempotent: true,
  });
  return decodeSksKubeconfig(body);
}

export const provider = exoscaleProvider<SksKubeconfigInputs, SksKubeconfigOutputs>({
  type: "SksKubeconfig",
  inputKeys: ["zone", "cluster", "user", "groups", "ttlSeconds"],
  // No update(): every input change replaces (a new certificate).
  replaceKeys: ["zone", "cluster", "user", "groups", "ttlSeconds"],
  defaults: (k) => ({ ...k, ttlSeconds: k.ttlSeconds ?? DEFAULT_KUBECONFIG_TTL_SECONDS }),
  validate: validateSksKubeconfig,
  zone: (k) => k.zone,
  // An expired certificate is renewed by the next update.
  replaces: (olds) => (olds.expiresAt && Date.parse(olds.expiresAt) <= Date.now() ? ["expiresAt"] : []),

  async create(c, k) {
    const issuedAt = Date.now();
    const kubeconfig = await generate(c, k);
    const outs: SksKubeconfigOutputs = {
      zone: k.zone,
      cluster: k.cluster,
      user: k.user,
      groups: [...k.groups],
      ttlSeconds: k.ttlSeconds,
      kubeconfig,
      expiresAt: new Date(issuedAt + k.ttlSeconds * 1000).toISOString(),
    };
    return { id: randomUUID(), outs };
  },

  async read(c, _id, props) {
    // The API cannot return the kubeconfig again: keep the stored one while the cluster exists.
    const cluster = await c.find<{ id: string }>(`/sks-cluster/${props.cluster}`);
    return cluster ? props : undefined;
  },

  async delete() {
    // Nothing to delete: there is no revocation call for one kubeconfig; its certificate expires after ttlSeconds.
  },
});
