// Exoscale (API v2) for dual-stack clusters: signed client, dynamic resources.
export * from "./resources";
export { signRequest, signatureMessage, parseAuthorization } from "./signer";
export type { ExoscaleCredentials } from "./signer";
export { ExoscaleClient, OperationError } from "./client";
export { API_KEY, API_SECRET, SETTINGS_KEY } from "./config";
export { ZONES, DEFAULT_ZONE } from "./zones";
export { NLB_IPV6_REFUSAL } from "./providers/nlb-service";
export { DEFAULT_KUBECONFIG_TTL_SECONDS, decodeSksKubeconfig } from "./providers/sks-kubeconfig";
