// Lab lifecycle for the benches: each bench owns a throwaway stack (never the
// user's `local`), destroys a stale lab of the same name first, and always
// destroys + removes its stack at the end: on success, error or SIGINT/SIGTERM.
import { rm } from "node:fs/promises";
import * as path from "node:path";
import { deleteNamespace, listNamespaces, sleep } from "../../components/lab/linux";
import { labNames, type LabNames } from "../../components/lab/names";
import { expectOk } from "../../scripts/lib/engine-stack";
import { LabStack, type LabOutputs, type LabStackOptions } from "../../scripts/lib/lab-stack";
import { pulumi } from "../../scripts/lib/pulumi-cli";

export class Interrupted extends Error {
  constructor() {
    super("interrupted");
    this.name = "Interrupted";
  }
}

const controller = new AbortController();
/** Aborted on the first SIGINT/SIGTERM/SIGHUP: benches stop at the next step and clean up. */
export const interrupt: AbortSignal = controller.signal;
let handlersInstalled = false;

export function log(message: string): void {
  console.error(`[${new Date().toISOString().slice(11, 23)}] ${message}`);
}

/** First signal: finish the current step, then tear down. Second: exit at once. */
export function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      if (controller.signal.aborted) {
        log(`${sig} again: exiting now; a lab may be left over (rerunning the bench destroys it first)`);
        process.exit(130);
      }
      log(`${sig}: stopping after the current step, then destroying the lab`);
      controller.abort();
    });
  }
}

export function checkInterrupted(): void {
  if (interrupt.aborted) throw new Interrupted();
}

/** Sleeps `ms`, returning early (and throwing) when interrupted. */
export async function pause(ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    checkInterrupted();
    await sleep(Math.min(100, end - Date.now()));
  }
  checkInterrupted();
}

/** Namespaces a lab of stack `stack` creates: ds-<stack>-{switch,client,node-N,ingress-N}. */
export async function labNamespaces(stack: string): Promise<string[]> {
  const prefix = labNames(stack).hostNamespace("");
  const ours = new RegExp(`^${prefix.replace(/[.]/g, "\\.")}(switch|client|node-\\d+|ingress-\\d+)$`);
  return (await listNamespaces(prefix)).filter((ns) => ours.test(ns));
}

async function resourceCount(stack: string): Promise<number | undefined> {
  const r = await pulumi(["stack", "ls", "--json"]);
  if (r.code !== 0) return undefined;
  const stacks = JSON.parse(r.stdout) as { name: string; resourceCount?: number }[];
  return stacks.find((s) => s.name === stack)?.resourceCount;
}

/** Namespaces and state left by a crashed run of the same bench (no stack state knows them). */
async function removeOrphans(stack: string): Promise<void> {
  for (const ns of await labNamespaces(stack)) {
    log(`removing leftover namespace ${ns}`);
    await deleteNamespace(ns);
  }
  await rm(labNames(stack).stateRoot, { recursive: true, force: true });
}

/** A fresh LabStack: a stale lab of the same stack is destroyed first, then the stack is selected/created. */
export async function prepareStack(options: LabStackOptions): Promise<LabStack> {
  installSignalHandlers();
  const stack = new LabStack(options);
  const count = await resourceCount(stack.stack);
  await stack.init();
  if ((count ?? 0) > 0) {
    log(`stale lab ${stack.stack} (${count} resources): destroying it first`);
    const r = await stack.destroy();
    if (r.code !== 0) log(`destroy of the stale lab failed; removing its namespaces directly:\n${r.stderr.slice(-1000)}`);
  }
  await removeOrphans(stack.stack);
  return stack;
}

/** destroy (retried once), orphan clean-up, stack rm. Never throws: it runs in `finally` blocks. */
export async function teardown(stack: LabStack): Promise<void> {
  try {
    log(`destroying ${stack.stack}`);
    let r = await stack.destroy();
    if (r.code !== 0) {
      log(`destroy failed (exit ${r.code}), retrying once:\n${r.stderr.slice(-1000)}`);
      r = await stack.destroy();
    }
    await removeOrphans(stack.stack);
    await stack.remove();
    log(`stack ${stack.stack} destroyed and removed`);
  } catch (err) {
    log(`teardown of ${stack.stack} failed: ${(err as Error).message}`);
  }
}

export interface BenchLab {
  stack: LabStack;
  outputs: LabOutputs;
  names: LabNames;
}

/** Brings a lab up, runs `fn`, then tears it down (unless `keep`). */
export async function withLab<T>(
  options: LabStackOptions & { keep?: boolean },
  fn: (lab: BenchLab) => Promise<T>,
): Promise<T> {
  const stack = await prepareStack(options);
  try {
    checkInterrupted();
    log(`pulumi up ${stack.stack} (${options.nodes ?? 3} nodes, ${options.ingress ?? 2} ingress)`);
    const started = Date.now();
    expectOk(await stack.up(), `pulumi up -s ${stack.stack}`);
    log(`lab up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    checkInterrupted();
    const outputs = await stack.outputs();
    return await fn({ stack, outputs, names: labNames(outputs.addressPlan.name) });
  } finally {
    if (options.keep && !interrupt.aborted) {
      // destroy needs the stack's config (outside the repo) and passphrase.
      const env = "PULUMI_CONFIG_PASSPHRASE=dualstack-local-lab";
      log(
        `--keep: lab ${stack.stack} left up; remove it with: ` +
          `${env} npm run pulumi -- destroy -s ${stack.stack} --yes --config-file ${stack.configFile} && ` +
          `${env} npm run pulumi -- stack rm ${stack.stack} --yes && rm -r ${path.dirname(stack.configFile)} ` +
          `(or rerun the bench: it destroys a stale lab first)`,
      );
    } else {
      await teardown(stack);
    }
  }
}

/** Exit code for a bench's main(): 130 when interrupted. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      if (err instanceof Interrupted) process.exit(130);
      console.error(err.stack ?? err.message);
      process.exit(1);
    },
  );
}
