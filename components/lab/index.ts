// The local lab: the cluster topology on one Linux machine, from network namespaces.
export { LocalLab, clientAddress, CLIENT_OFFSET, type LocalLabArgs } from "./lab";
export { labNames, LAB_STATE_ROOT, type LabNames } from "./names";
export { labPreflightProblems, hasNetAdmin } from "./preflight";
export { Host, Process, Switch } from "./resources";
