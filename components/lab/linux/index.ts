// Async, idempotent primitives over iproute2 for the local Linux lab: network
// namespaces as hosts and switches, veth links, dual-stack addresses,
// per-namespace sysctls and detached processes. No Pulumi here: dynamic
// providers call these, and may retry, so every create/delete is idempotent.
export { CommandError, ip, ipJson, nsExec, run, type RunOptions, type RunResult } from "./exec";
export { LabNameError, validateInterfaceName, validateNamespaceName, validateProcessName } from "./names";
export {
  deleteNamespace,
  ensureNamespace,
  identifyNamespace,
  listNamespaces,
  namespaceExists,
  namespacePids,
  type DeleteNamespaceOptions,
} from "./netns";
export {
  connectToBridge,
  deleteLink,
  disconnectFromBridge,
  ensureBridge,
  getLink,
  LinkConflictError,
  type ConnectOptions,
  type LinkInfo,
} from "./links";
export { configureHostStack, readSysctl, setSysctls, type HostStackOptions, type SetSysctlOptions } from "./sysctl";
export {
  cidrFamily,
  deleteAddress,
  ensureAddresses,
  ensureDefaultRoutes,
  readAddresses,
  type EnsureAddressesOptions,
  type InterfaceAddresses,
} from "./addresses";
export {
  killProcess,
  launcherOf,
  logFilePath,
  pidFilePath,
  processStatus,
  readPidRecord,
  readProcStat,
  startDetached,
  stopProcess,
  type KillOptions,
  type PidRecord,
  type ProcessStatus,
  type StartOptions,
  type StopOptions,
} from "./processes";
export { sleep, waitFor, type WaitOptions } from "./wait";
export { acceptAddresses, acceptedAddresses, ensureRoutes, presentRoutes, type StaticRoute } from "./routes";
export { cgroupDirs, killCgroupTree, killProcessesMentioning, mountsUnder, pidsMentioning, removeCgroupTree, unmountUnder } from "./leftovers";
