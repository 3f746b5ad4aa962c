// cloudscale.ch resources as Pulumi dynamic resources, talking to the API
// directly (no Pulumi package for cloudscale is installable here).
export * from "./resources";
export { DEFAULT_API_URL, MISSING_TOKEN, SETTINGS_KEY, TOKEN_KEY } from "./config";
export { ID_TAG } from "./client";
