// Shared machinery of the project's Pulumi dynamic providers (lab, cloudscale, Exoscale).
export { delegatingProvider } from "./delegating-provider";
export { diffKeys, GONE } from "./diff";
export { clean, pick, stableId } from "./props";
