// How many k3s servers a self-managed cluster runs.

/** 3 servers (embedded etcd HA) once there are enough nodes, else 1. */
export function k3sServerCount(nodeCount: number): number {
  return nodeCount >= 3 ? 3 : 1;
}
