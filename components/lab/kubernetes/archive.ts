// Image archives in the layout `docker save` writes (Docker v1.2), which
// `ctr images import` reads: manifest.json first (Config, RepoTags, Layers),
// then the image config as <sha256>.json, then the one layer as
// <sha256>/layer.tar (uncompressed; its sha256 is the config's diff_id).
// Reading goes the other way for the tags only: the tar's headers are walked
// until manifest.json, without reading the layer.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** What a container runs: the `config` object of the image config (Docker's names). */
export interface ContainerConfig {
  Cmd: string[];
  Env: string[];
  /** Unset: the image runs as root unless the pod says otherwise. */
  User?: string;
  WorkingDir?: string;
}

/** The image config as containerd (and Docker) read it. */
export interface ImageConfig {
  architecture: string;
  os: "linux";
  created: string;
  config: ContainerConfig;
  rootfs: { type: "layers"; diff_ids: string[] };
  history: Array<{ created: string; created_by: string }>;
}

/** One entry of manifest.json. */
export interface ArchiveManifest {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

/** The GOARCH of this machine (the image carries this machine's binaries). */
export function goArch(arch: string = process.arch): string {
  const known: Record<string, string> = { x64: "amd64", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x", riscv64: "riscv64" };
  const goarch = known[arch];
  if (!goarch) throw new Error(`no image architecture for Node.js arch ${arch}`);
  return goarch;
}

export async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

export interface ArchiveInput {
  /** The root filesystem tar: the image's only layer. */
  layer: string;
  tags: string[];
  config: ContainerConfig;
}

/**
 * Writes the archive to `out` (through a temporary name in the same directory,
 * so a reader never sees half of it) and returns the image config it holds.
 */
export async function writeDockerArchive(input: ArchiveInput, out: string): Promise<ImageConfig> {
  const layerHex = await sha256File(input.layer);
  const created = new Date((await fs.stat(input.layer)).mtimeMs).toISOString();
  const config: ImageConfig = {
    architecture: goArch(),
    os: "linux",
    created,
    config: input.config,
    rootfs: { type: "layers", diff_ids: [`sha256:${layerHex}`] },
    history: [{ created, created_by: "dualstack lab: rootfs from this machine's files (components/lab/rootfs.ts)" }],
  };
  const configJson = JSON.stringify(config);
  const configName = `${createHash("sha256").update(configJson).digest("hex")}.json`;
  const layerName = `${layerHex}/layer.tar`;
  const manifest: ArchiveManifest[] = [{ Config: configName, RepoTags: input.tags, Layers: [layerName] }];

  const stage = await fs.mkdtemp(path.join(path.dirname(out), ".archive-"));
  const partial = `${stage}.tar`;
  try {
    await fs.writeFile(path.join(stage, "manifest.json"), JSON.stringify(manifest));
    await fs.writeFile(path.join(stage, configName), configJson);
    await fs.mkdir(path.join(stage, layerHex));
    // A hard link, not a copy, of the (100 MB) layer: the stage sits beside it in the cache.
    await fs.link(input.layer, path.join(stage, layerName)).catch(() => fs.copyFile(input.layer, path.join(stage, layerName)));
    await exec("tar", ["--format=ustar", "--numeric-owner", "--owner=0", "--group=0", "--hard-dereference", "-C", stage, "-cf", partial, "manifest.json", configName, layerName]);
    await fs.rename(partial, out);
  } finally {
    await fs.rm(stage, { recursive: true, force: true });
    await fs.rm(partial, { force: true });
  }
  return config;
}

const BLOCK = 512;

/** The member `name` of a tar, read by walking headers (the first occurrence), or undefined. */
export async function readTarMember(tar: string, name: string): Promise<Buffer | undefined> {
  const fh = await fs.open(tar, "r");
  try {
    const header = Buffer.alloc(BLOCK);
    for (let offset = 0; ; ) {
      const { bytesRead } = await fh.read(header, 0, BLOCK, offset);
      if (bytesRead < BLOCK || header.every((b) => b === 0)) return undefined;
      const field = (start: number, length: number) => header.subarray(start, start + length).toString("latin1").replace(/\0.*$/s, "");
      // POSIX ustar keeps long names' directories in a prefix field; GNU tar's own format uses those bytes otherwise.
      const prefix = header.subarray(257, 263).toString("latin1") === "ustar\0" ? field(345, 155) : "";
      const member = path.posix.normalize((prefix ? `${prefix}/` : "") + field(0, 100));
      const size = parseInt(field(124, 12).trim() || "0", 8);
      if (Number.isNaN(size)) throw new Error(`${tar}: not a tar (bad header at byte ${offset})`);
      if (member === name) {
        const body = Buffer.alloc(size);
        await fh.read(body, 0, size, offset + BLOCK);
        return body;
      }
      offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    await fh.close();
  }
}

/** manifest.json of a docker-archive. */
export async function readArchiveManifest(archive: string): Promise<ArchiveManifest[]> {
  const body = await readTarMember(archive, "manifest.json");
  if (!body) throw new Error(`${archive}: no manifest.json (not a docker-archive)`);
  return JSON.parse(body.toString("utf8")) as ArchiveManifest[];
}

/** Every RepoTag in the archive, as written (e.g. dualstack/pause:0123456789abcdef). */
export async function archiveTags(archive: string): Promise<string[]> {
  return (await readArchiveManifest(archive)).flatMap((m) => m.RepoTags ?? []);
}
