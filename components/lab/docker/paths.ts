// Where a lab node's Docker Engine keeps its things: all under the node's
// state dir, so two nodes (and two lab stacks) never share a socket, a data
// root or a pid file, and destroy removes one directory.
import * as os from "node:os";
import * as path from "node:path";

/** The Engine release scripts/validators/dockerd.sh builds from its Go module. */
export const ENGINE_VERSION = "28.5.2";

export interface EngineDirs {
  /** <stateDir>/docker: everything below is the engine's. */
  root: string;
  dataRoot: string;
  execRoot: string;
  pidFile: string;
  /** The Engine API socket (unix). */
  socket: string;
  /** daemon.json as the engine reads it. */
  config: string;
}

export function engineDirs(stateDir: string): EngineDirs {
  const root = path.join(stateDir, "docker");
  return {
    root,
    dataRoot: path.join(root, "data"),
    execRoot: path.join(root, "exec"),
    // Not dockerd.pid: that is the lab's own record of the process (processes.ts).
    pidFile: path.join(root, "docker.pid"),
    socket: path.join(root, "docker.sock"),
    config: path.join(root, "daemon.json"),
  };
}

/** The cgroup (under every hierarchy) the node's containers run in: the namespace's name, unique per lab. */
export function cgroupParentOf(namespace: string): string {
  return namespace;
}

/** The project's cache outside the repo (the same rule as scripts/lib/cached-go-build.sh's callers). */
export function cacheRoot(env: NodeJS.ProcessEnv): string {
  return env.DUALSTACK_CACHE || path.join(env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), ".cache"), "dualstack");
}

/** Where scripts/validators/dockerd.sh puts dockerd and docker-proxy (same rule as the script). */
export function dockerdBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKERD_BIN_DIR || path.join(cacheRoot(env), "dockerd", ENGINE_VERSION, "bin");
}

/** Where built images are kept between runs (by content hash). */
export function imageCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), "images");
}
