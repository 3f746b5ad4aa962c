// dualstack:local:DockerEngine — a real Docker Engine (dockerd, which starts
// its own containerd; runc) inside a lab node's network namespace, entered
// with `nsenter --net` so the machine's cgroup mounts stay visible. Its
// iptables and ip6tables rules live in that namespace and go with it. A dead
// or silent dockerd is drift (`running: false`); the next `up` restarts it.
// Delete stops it (containers stop with it) and removes what a hard death
// could leave: shims, mounts under its data root, its cgroups, its files.
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { diffKeys, GONE } from "../../dynamic";
import { labCheckFailures } from "./check";
import { engineAnswers } from "../docker/client";
import type { LabDaemonJson } from "../docker/daemon-config";
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

export interface DockerEngineProps {
  namespace: string;
  /** <node state dir>/docker: data root, exec root, socket, pid file and daemon.json. */
  root: string;
  /** Directory with dockerd (Engine 28.5, scripts/validators/dockerd.sh). */
  binDir: string;
  /** The daemon.json (labDaemonJson). */
  config: LabDaemonJson;
  /** Always true in inputs; read reports the truth. */
  running: boolean;
}

const NAME = "dockerd";
const REPLACE = ["namespace", "root"] as const;
const UPDATE = ["binDir", "config", "running"] as const;
const READY_TIMEOUT_MS = 60_000;
/** dockerd waits shutdown-timeout per container, then stops containerd. */
const STOP_TIMEOUT_MS = 30_000;
/** Machine-wide directories dockerd and containerd create; removed when no engine uses them any more. */
const SHARED_RUN_DIRS = ["/run/docker/plugins", "/run/docker", "/run/containerd/s", "/run/containerd"];

function socketOf(p: DockerEngineProps): string {
  return p.config.hosts[0].replace(/^unix:\/\//, "");
}

async function start(p: DockerEngineProps): Promise<DockerEngineProps & { pid: number; socket: string }> {
  await fs.mkdir(p.root, { recursive: true, mode: 0o710 });
  const configFile = path.join(p.root, "daemon.json");
  await fs.writeFile(configFile, JSON.stringify(p.config, null, 2) + "\n", { mode: 0o640 });
  // A dockerd killed hard leaves its pid file; it refuses to start over one.
  await fs.rm(p.config.pidfile, { force: true });
  const record = await startDetached({
    ns: p.namespace,
    enter: "net",
    name: NAME,
    command: path.join(p.binDir, "dockerd"),
    args: ["--config-file", configFile],
    // containerd, runc and iptables from the machine; docker-proxy next to dockerd.
    env: { PATH: `${p.binDir}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
    stateDir: p.root,
    cwd: p.root,
  });
  const socket = socketOf(p);
  await waitFor(async () => (await engineAnswers(socket)) || ((await processStatus(p.root, NAME)).running ? undefined : "dead"), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 100,
    description: `dockerd in ${p.namespace} to answer on ${socket}`,
  }).then(async (state) => {
    if (state === "dead") {
      const log = await fs.readFile(path.join(p.root, `${NAME}.log`), "utf8").catch(() => "");
      throw new Error(`dockerd in ${p.namespace} exited; log ${p.root}/${NAME}.log:\n${log.trimEnd().split("\n").slice(-15).join("\n")}`);
    }
  });
  return { ...p, pid: record.pid, socket };
}

async function stop(p: DockerEngineProps): Promise<void> {
  await stopProcess(p.root, NAME, { timeoutMs: STOP_TIMEOUT_MS });
  // After a hard death: shims still holding containers, the containers, then their mounts.
  await killProcessesMentioning(p.config["exec-root"]);
  for (const dir of await cgroupDirs(p.config["cgroup-parent"])) await killCgroupTree(dir);
  await unmountUnder(p.root);
}

export const provider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news: DockerEngineProps) {
    return { inputs: news, failures: labCheckFailures(news, ["root"]) };
  },

  async diff(_id, olds: DockerEngineProps, news: DockerEngineProps) {
    return diffKeys({ ...olds }, { ...news }, { replace: REPLACE, update: UPDATE });
  },

  async create(inputs: DockerEngineProps) {
    return { id: `${inputs.namespace}/${NAME}`, outs: await start(inputs) };
  },

  async read(id, props: DockerEngineProps) {
    const exists = await fs.stat(props.root).then(() => true, () => false);
    if (!exists) return GONE;
    const status = await processStatus(props.root, NAME);
    const running = status.running && (await engineAnswers(socketOf(props)));
    const inputs = { ...props, running } as DockerEngineProps & { pid?: number; socket?: string };
    delete inputs.pid;
    delete inputs.socket;
    return { id, props: { ...inputs, pid: status.pid ?? 0, socket: socketOf(props) }, inputs };
  },

  async update(_id, olds: DockerEngineProps, news: DockerEngineProps) {
    await stop(olds);
    return { outs: await start(news) };
  },

  async delete(_id, props: DockerEngineProps) {
    await stop(props);
    for (const dir of await cgroupDirs(props.config["cgroup-parent"])) await removeCgroupTree(dir);
    await fs.rm(props.root, { recursive: true, force: true });
    for (const dir of SHARED_RUN_DIRS) await fs.rmdir(dir).catch(() => undefined);
  },
};
