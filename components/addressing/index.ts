// The address planner: IPv6 (and IPv4) address math for dual-stack clusters. Pure logic.
export * from "./types";
export { Cidr, FAMILIES, formatAddress, IP_VERSION, parseAddress, parseCidr } from "./cidr";
export type { Family, IpVersion, Parsed, ParsedAddress } from "./cidr";
export { InputError } from "./errors";
export { isUla, ulaPrefixFor } from "./ula";
export { planAddresses } from "./plan";
export { formatPlanTable, planToMermaid } from "./report";
