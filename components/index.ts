// The dualstack library: the one cluster composition, the address planner it
// builds from, and the error type both report with. Each cloud's adapter is
// a module of its own ("dualstack/lab", "dualstack/cloudscale",
// "dualstack/exoscale", "dualstack/managed"), so a program loads only the
// cloud it uses: the lab never loads a cloud SDK.
export * from "./cluster";
export * from "./addressing";
export { ConfigError, type ConfigProblem } from "./problems";
export { k3sServerCount, type NodeRuntime } from "./runtime/node-runtime";
