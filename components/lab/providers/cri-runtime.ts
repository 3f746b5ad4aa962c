// dualstack:local:CriRuntime — containerd with its CRI plugin in a lab
// node's network namespace (entered with `nsenter --net`, so the machine's
// cgroup mounts stay visible), with the pause and demo images imported (no
// registry is reachable). The kubelet talks to its socket. A dead containerd
// is drift (`running: false`); the next `up` restarts it. Delete stops it and
// removes what the node's pods could leave: shims, containers in the node's
// cgroups, mounts under the node's Kubernetes directory (the kubelet's pod
// volumes too, as the kubelet is deleted first), the directory itself.
import { createHash } from "node:crypto";
import * as fs from "node:fs/promises";
import * as net from "node:net";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { diffKeys, GONE } from "../../dynamic";
import { labCheckFailures } from "./check";
import type { ImageRecipe } from "../docker/app";
import { CRI_NAMESPACE, ensureCriImages } from "../kubernetes/images";
import {
  cgroupDirs,
  killCgroupTree,
  killProcessesMentioning,
  processStatus,
  removeCgroupTree,
  startDetached,
  stopProcess,
  unmountUnder,
  waitFor,
} from "../linux";

export interface CriRuntimeProps {
  namespace: string;
  /** <node state dir>/kubernetes: containerd's root, state, socket and config, the kubelet's root, CNI files. */
  root: string;
  /** config.toml (renderContainerdConfig). */
  config: string;
  socket: string;
  /** The cgroup (under every hierarchy) the node's pods run in. */
  cgroupParent: string;
  /** The CNI network config (renderCniConfig), written where containerd looks. */
  cniConfig: { dir: string; content: string };
  /** The images every node has: the demo app's recipe and its hash, and where built archives are cached. */
  images: { recipe: ImageRecipe; hash: string; cacheDir: string };
  /** Always true in inputs; read reports the truth. */
  running: boolean;
}

const NAME = "containerd";
const REPLACE = ["namespace", "root", "socket", "cgroupParent"] as const;
const UPDATE = ["config", "cniConfig", "images", "running"] as const;
const READY_TIMEOUT_MS = 60_000;

function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(socket);
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

async function start(p: CriRuntimeProps): Promise<CriRuntimeProps & { pid: number }> {
  const configFile = path.join(p.root, "containerd", "config.toml");
  await fs.mkdir(path.dirname(configFile), { recursive: true, mode: 0o710 });
  await fs.writeFile(configFile, p.config, { mode: 0o640 });
  await fs.mkdir(p.cniConfig.dir, { recursive: true, mode: 0o750 });
  await fs.writeFile(path.join(p.cniConfig.dir, "10-dualstack.conflist"), p.cniConfig.content, { mode: 0o640 });
  const stateDir = path.dirname(configFile);
  const record = await startDetached({
    ns: p.namespace,
    enter: "net",
    name: NAME,
    command: "containerd",
    args: ["--config", configFile],
    env: { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" },
    stateDir,
    cwd: stateDir,
  });
  const state = await waitFor(async () => ((await answers(p.socket)) ? "up" : (await processStatus(stateDir, NAME)).running ? undefined : "dead"), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 100,
    description: `containerd in ${p.namespace} to answer on ${p.socket}`,
  });
  if (state === "dead") {
    const log = await fs.readFile(path.join(stateDir, `${NAME}.log`), "utf8").catch(() => "");
    throw new Error(`containerd in ${p.namespace} exited; log ${stateDir}/${NAME}.log:\n${log.trimEnd().split("\n").slice(-15).join("\n")}`);
  }
  await ensureCriImages({ address: p.socket, recipe: p.images.recipe, cacheDir: p.images.cacheDir });
  return { ...p, pid: record.pid };
}

/** Where containerd 1.6 puts every shim's socket, whatever its own state dir. */
const SHIM_SOCKET_DIR = "/run/containerd/s";

/**
 * The shim sockets of this containerd's tasks: containerd names each
 * sha256("<grpc address>/<namespace>/<task id>") in SHIM_SOCKET_DIR.
 */
async function shimSockets(p: CriRuntimeProps, state: string): Promise<string[]> {
  const tasks = path.join(state, "io.containerd.runtime.v2.task", CRI_NAMESPACE);
  const ids = await fs.readdir(tasks).catch(() => [] as string[]);
  return ids.map((id) => path.join(SHIM_SOCKET_DIR, createHash("sha256").update(`${p.socket}/${CRI_NAMESPACE}/${id}`).digest("hex")));
}

async function stop(p: CriRuntimeProps, state: string): Promise<void> {
  const sockets = await shimSockets(p, state);
  await stopProcess(path.join(p.root, "containerd"), NAME, { timeoutMs: 20_000 });
  // Shims outlive containerd (they are started with its socket's path), and the pods outlive the shims' deaths.
  await killProcessesMentioning(p.socket);
  for (const dir of await cgroupDirs(p.cgroupParent)) await killCgroupTree(dir);
  // Killed shims leave their sockets behind.
  await Promise.all(sockets.map((s) => fs.rm(s, { force: true })));
}

export const provider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news: CriRuntimeProps) {
    return { inputs: news, failures: labCheckFailures(news, ["root"]) };
  },

  async diff(_id, olds: CriRuntimeProps, news: CriRuntimeProps) {
    return diffKeys({ ...olds }, { ...news }, { replace: REPLACE, update: UPDATE });
  },

  async create(inputs: CriRuntimeProps) {
    return { id: `${inputs.namespace}/${NAME}`, outs: await start(inputs) };
  },

  async read(id, props: CriRuntimeProps) {
    if (!(await fs.stat(props.root).then(() => true, () => false))) return GONE;
    const status = await processStatus(path.join(props.root, "containerd"), NAME);
    const running = status.running && (await answers(props.socket));
    const { pid: _pid, ...inputs } = { ...props, running } as CriRuntimeProps & { pid?: number };
    return { id, props: { ...inputs, pid: status.pid ?? 0 }, inputs };
  },

  async update(_id, olds: CriRuntimeProps, news: CriRuntimeProps) {
    // Restarting containerd leaves running pods alone (their shims stay).
    await stopProcess(path.join(olds.root, "containerd"), NAME, { timeoutMs: 20_000 });
    return { outs: await start(news) };
  },

  async delete(_id, props: CriRuntimeProps) {
    await stop(props, path.join(props.root, "containerd", "state"));
    await unmountUnder(props.root);
    for (const dir of await cgroupDirs(props.cgroupParent)) await removeCgroupTree(dir);
    await fs.rm(props.root, { recursive: true, force: true });
    // Shim sockets always go to this machine-wide directory; it goes once empty.
    for (const dir of [SHIM_SOCKET_DIR, path.dirname(SHIM_SOCKET_DIR)]) await fs.rmdir(dir).catch(() => undefined);
  },
};
