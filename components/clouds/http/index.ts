// Shared HTTP behaviour of the cloud dynamic providers.
export * from "./api-error";
export * from "./api-client";
export * from "./idempotent";
