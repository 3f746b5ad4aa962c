// Shared machinery of the project's Pulumi dynamic providers (lab, cloudscale, Exoscale).
export { delegatingProvider } from "./delegating-provider";
export { diffKeys, GONE } from "./diff";
export { clean, pick, sameSet, stableId } from "./props";
export { failure, isUnknown, UNKNOWN, type Failure } from "./check";
export { crudProvider, type CrudSpec, type Provider } from "./crud";
