// The two images a lab node's kubelet needs, for containerd's CRI, built
// offline (no registry is reachable): the demo app (the same rootfs the
// Docker path imports, ../docker/image.ts) and the pause (sandbox) image
// (busybox from this machine). Each is a docker-archive (archive.ts) kept in
// the image cache under its content hash, then `ctr images import`ed into the
// node's containerd, namespace k8s.io, unpacked for the overlayfs snapshotter.
//
// containerd stores a docker-archive's RepoTags normalised the way Docker
// names are: dualstack/pause:<h> becomes docker.io/dualstack/pause:<h>. The
// CRI (sandbox_image, a pod's image) normalises the same way, so the short
// tag works there; `ctr` wants the stored name (containerdRef).
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { imageTag, recipeHash, type ImageRecipe } from "../docker/app";
import { imageTar } from "../docker/image";
import { CommandError, run } from "../linux/exec";
import { GROUP, PASSWD, rootfsTar, type RootfsSpec } from "../rootfs";
import { archiveTags, writeDockerArchive, type ContainerConfig } from "./archive";

export const PAUSE_IMAGE_REPO = "dualstack/pause";
/** The containerd namespace the CRI plugin keeps its images (and pods) in. */
export const CRI_NAMESPACE = "k8s.io";
/** The snapshotter the lab's CRI config names; imports unpack into it. */
export const CRI_SNAPSHOTTER = "overlayfs";

/**
 * PID 1 of every pod sandbox: sleeps until SIGTERM or SIGINT, then exits 0. busybox
 * ash waits with waitpid(-1), so it also reaps orphans re-parented to it (a pod
 * sharing its PID namespace); a trapped signal interrupts `wait` at once.
 */
export const PAUSE_COMMAND = ["/bin/sh", "-c", 'trap "exit 0" TERM INT; while :; do sleep 3600 & wait $!; done'];

export const DEMO_APP_CONFIG: ContainerConfig = { Cmd: ["/bin/node", "/app/server.js"], Env: ["PATH=/bin"], WorkingDir: "/app" };
export const PAUSE_CONFIG: ContainerConfig = { Cmd: PAUSE_COMMAND, Env: ["PATH=/bin"], WorkingDir: "/" };

/** What goes into the pause image: only busybox (and its libraries). */
export interface PauseRecipe {
  busybox: string;
}

/** 1: busybox sh with PAUSE_COMMAND. */
export const PAUSE_RECIPE_VERSION = 1;

export function pauseRecipe(recipe: Pick<ImageRecipe, "busybox">): PauseRecipe {
  return { busybox: recipe.busybox };
}

/** sha256 over busybox's path, size and mtime (as recipeHash does) and the command. */
export function pauseRecipeHash(recipe: PauseRecipe): string {
  const st = fs.statSync(recipe.busybox);
  return crypto
    .createHash("sha256")
    .update(`dualstack pause image v${PAUSE_RECIPE_VERSION}\n${recipe.busybox} ${st.size} ${st.mtimeMs}\n${JSON.stringify(PAUSE_CONFIG)}\n`)
    .digest("hex");
}

/** dualstack/pause:<first 16 of the hash>: what containerd's `sandbox_image` names. */
export function pauseImageTag(hash: string): string {
  return `${PAUSE_IMAGE_REPO}:${hash.slice(0, 16)}`;
}

export function pauseRootfs(recipe: PauseRecipe): RootfsSpec {
  return {
    binaries: [{ from: recipe.busybox, to: "/bin/busybox" }],
    symlinks: { "/bin/sh": "busybox", "/bin/sleep": "busybox" },
    passwd: PASSWD,
    group: GROUP,
  };
}

/**
 * The name containerd stores for a Docker-style tag: docker.io/ before a path
 * with no registry host, library/ before a single name, :latest when untagged.
 */
export function containerdRef(tag: string): string {
  const slash = tag.indexOf("/");
  const first = slash < 0 ? "" : tag.slice(0, slash);
  let ref = slash < 0 ? `docker.io/library/${tag}` : /[.:]/.test(first) || first === "localhost" ? tag : `docker.io/${tag}`;
  const last = ref.slice(ref.lastIndexOf("/") + 1);
  if (!last.includes(":") && !last.includes("@")) ref += ":latest";
  return ref;
}

export interface ImageArchive {
  /** The docker-archive file, for importImages. */
  path: string;
  /** The tag it carries (what a pod spec or sandbox_image names). */
  tag: string;
  /** The name containerd lists it under. */
  ref: string;
}

const building = new Map<string, Promise<ImageArchive>>();

function archive(file: string, tag: string, layer: () => Promise<string>, config: ContainerConfig): Promise<ImageArchive> {
  let build = building.get(file);
  if (!build) {
    build = (async () => {
      if (!fs.existsSync(file)) await writeDockerArchive({ layer: await layer(), tags: [tag], config }, file);
      return { path: file, tag, ref: containerdRef(tag) };
    })().finally(() => building.delete(file));
    building.set(file, build);
  }
  return build;
}

/** The demo app's archive: the Docker path's rootfs tar as its layer, tagged imageTag(hash). */
export function demoAppArchive(recipe: ImageRecipe, hash: string, cacheDir: string): Promise<ImageArchive> {
  return archive(path.join(cacheDir, `cri-demo-app-${hash}.tar`), imageTag(hash), () => imageTar(recipe, hash, cacheDir), DEMO_APP_CONFIG);
}

/** The pause image's archive, tagged pauseImageTag(hash). */
export function pauseArchive(recipe: PauseRecipe, hash: string, cacheDir: string): Promise<ImageArchive> {
  const layer = () => rootfsTar(pauseRootfs(recipe), path.join(cacheDir, `pause-${hash}.tar`));
  return archive(path.join(cacheDir, `cri-pause-${hash}.tar`), pauseImageTag(hash), layer, PAUSE_CONFIG);
}

/** Both archives for a recipe (the pause image takes its busybox). */
export async function labImageArchives(recipe: ImageRecipe, cacheDir: string): Promise<{ demoApp: ImageArchive; pause: ImageArchive }> {
  const pause = pauseRecipe(recipe);
  const [demoApp, pauseImage] = await Promise.all([demoAppArchive(recipe, recipeHash(recipe), cacheDir), pauseArchive(pause, pauseRecipeHash(pause), cacheDir)]);
  return { demoApp, pause: pauseImage };
}

export interface ImportOptions {
  /** The ctr binary (default: `ctr` on PATH). */
  ctr?: string;
  /** containerd's gRPC socket. */
  address: string;
  /** docker-archives (demoAppArchive / pauseArchive paths). */
  archives: string[];
}

const IMPORT_TIMEOUT_MS = 10 * 60_000;

function ctrArgs(address: string, args: string[]): string[] {
  return ["--address", address, "--namespace", CRI_NAMESPACE, ...args];
}

function ctrSaid(err: unknown): string {
  if (err instanceof CommandError) return `exit ${err.exitCode ?? "(killed or not started)"}: ${err.stderr.trim() || "(no output)"}`;
  return err instanceof Error ? err.message : String(err);
}

/** The image names in containerd's k8s.io namespace (`ctr images ls -q`). */
export async function listImages(address: string, ctr = "ctr"): Promise<string[]> {
  try {
    const { stdout } = await run(ctr, ctrArgs(address, ["images", "ls", "-q"]));
    return stdout.split("\n").map((l) => l.trim()).filter(Boolean);
  } catch (err) {
    throw new Error(`ctr could not list the images of containerd at ${address}: ${ctrSaid(err)}`);
  }
}

/**
 * Imports each archive into containerd's k8s.io namespace and unpacks it for
 * the CRI's snapshotter, unless every tag it carries is there already.
 */
export async function importImages(opts: ImportOptions): Promise<void> {
  const ctr = opts.ctr ?? "ctr";
  let present = new Set(await listImages(opts.address, ctr));
  for (const file of opts.archives) {
    const refs = (await archiveTags(file)).map(containerdRef);
    if (!refs.length) throw new Error(`${file}: manifest.json has no RepoTags, so containerd would keep the image under no name`);
    if (refs.every((r) => present.has(r))) continue;
    try {
      await run(ctr, ctrArgs(opts.address, ["images", "import", "--no-unpack=false", "--snapshotter", CRI_SNAPSHOTTER, file]), { timeoutMs: IMPORT_TIMEOUT_MS });
    } catch (err) {
      throw new Error(`ctr could not import ${file} into containerd at ${opts.address}: ${ctrSaid(err)}`);
    }
    present = new Set(await listImages(opts.address, ctr));
    const missing = refs.filter((r) => !present.has(r));
    if (missing.length) throw new Error(`ctr imported ${file} into containerd at ${opts.address}, but it lists no ${missing.join(", ")}`);
  }
}

/** The sandbox image's tag for a demo recipe (the pause image takes its busybox). */
export function labPauseImageTag(recipe: ImageRecipe): string {
  return pauseImageTag(pauseRecipeHash(pauseRecipe(recipe)));
}

/** Builds (once) and imports both lab images into a node's containerd. */
export async function ensureCriImages(o: { address: string; recipe: ImageRecipe; cacheDir: string }): Promise<void> {
  const { demoApp, pause } = await labImageArchives(o.recipe, o.cacheDir);
  await importImages({ address: o.address, archives: [pause.path, demoApp.path] });
}
