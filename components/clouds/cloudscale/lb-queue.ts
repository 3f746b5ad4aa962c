// cloudscale applies one change at a time per load balancer (their terraform
// provider serializes these calls with a mutex per load balancer too). All
// cloudscale resources of a stack run in one provider process, so a
// module-level promise chain per load balancer serializes our calls; between
// changes we wait until the load balancer is `running` again.
import { sleep } from "../http";
import { api, seg } from "./client";

const chains = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier change of this load balancer has finished. */
export function withLb<T>(lb: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(lb) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    await waitLbRunning(lb);
    return fn();
  });
  const tail = run.catch(() => undefined);
  chains.set(lb, tail);
  // Forget settled chains so the map does not grow.
  void tail.then(() => {
    if (chains.get(lb) === tail) chains.delete(lb);
  });
  return run;
}

/** After a change: the load balancer is `changing` until it has applied it. */
export async function afterLbChange(lb: string): Promise<void> {
  await waitLbRunning(lb);
}

export async function waitLbRunning(lb: string): Promise<void> {
  const cs = api();
  const path = `/load-balancers/${seg(lb)}`;
  const attempts = Math.max(1, Math.ceil(cs.settings.waitTimeoutMs / cs.settings.pollIntervalMs));
  let last = "";
  for (let i = 0; i < attempts; i++) {
    const o = await cs.find<{ status: string }>(path);
    // Gone (deleted with its parts) counts as done: there is nothing to wait for.
    if (o === undefined || o.status === "running") return;
    last = o.status;
    await sleep(cs.settings.pollIntervalMs);
  }
  throw new Error(`cloudscale: load balancer ${lb} not running after ${cs.settings.waitTimeoutMs} ms (last: ${last})`);
}
