// Ingress: the dual-stack HAProxy layer in front of the nodes.
export * from "./haproxy-config";
export * from "./from-plan";
export * from "./cloud-init";
