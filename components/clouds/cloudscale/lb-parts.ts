// Shared by the load balancer parts: finding the load balancer a pool belongs to.
import { api, seg, type Stub } from "./client";

/** The load balancer of a pool: parts store it in their outputs, so only creates look it up. */
export async function loadBalancerOfPool(pool: string, known?: string): Promise<string> {
  if (known) return known;
  const p = await api().get<{ load_balancer: Stub }>(`/load-balancers/pools/${seg(pool)}`);
  return p.load_balancer.uuid;
}

export const ALGORITHMS = ["round_robin", "least_connections", "source_ip"] as const;
export const POOL_PROTOCOLS = ["tcp", "proxy", "proxyv2"] as const;
