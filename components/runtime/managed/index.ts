// Managed Kubernetes: AKS (real dual-stack), EKS (IPv6-only pods behind a
// dual-stack NLB), Exoscale SKS (dual-stack through its experimental
// `networking` field) and the demo workloads on them. cloudscale.ch offers no
// managed Kubernetes and the local lab runs none.
import { InputError } from "./checks";

export * from "./aks";
export * from "./aws-lb-controller";
export * from "./eks";
export * from "./sks";
export * from "./sks-ingress";
export * from "./workloads";
export { requireKubernetesVersion } from "./checks";

/** The stack providers (mirrors PROVIDERS in stacks/config/schema.ts; components do not import stacks). */
export type ManagedProvider = "local" | "cloudscale" | "exoscale" | "aws" | "azure";
export type ManagedClusterKind = "aks" | "eks" | "sks";

const KINDS: Record<ManagedProvider, ManagedClusterKind | string> = {
  azure: "aks",
  aws: "eks",
  exoscale: "sks",
  cloudscale: "cloudscale has no managed Kubernetes; use kubernetes.mode: self-managed",
  local: "the local lab runs no Kubernetes; use runtime: docker",
};

/** Which managed Kubernetes a provider offers; throws (naming kubernetes.mode) when it offers none. Pure. */
export function managedClusterKind(provider: ManagedProvider): ManagedClusterKind {
  if (!Object.prototype.hasOwnProperty.call(KINDS, provider)) {
    throw new InputError("provider", provider, "is not a provider", `use one of ${Object.keys(KINDS).join(", ")}`);
  }
  const kind = KINDS[provider];
  if (kind === "aks" || kind === "eks" || kind === "sks") return kind;
  const [problem, fix] = kind.split("; ");
  throw new InputError("kubernetes.mode", "managed", `is not possible: ${problem}`, fix);
}

export interface ManagedModeConfig {
  provider: ManagedProvider;
  runtime?: string;
  kubernetes?: { mode?: string };
}

/**
 * For a stack config: the managed cluster kind when it asks for runtime
 * kubernetes with kubernetes.mode managed, undefined otherwise; throws for a
 * provider without managed Kubernetes. Run at preview, before any resource.
 */
export function managedKindFor(config: ManagedModeConfig): ManagedClusterKind | undefined {
  if (config.runtime !== "kubernetes" || config.kubernetes?.mode !== "managed") return undefined;
  return managedClusterKind(config.provider);
}
