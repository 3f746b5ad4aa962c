// Root filesystems built offline from this machine's own files (no registry
// is reachable from the lab): binaries with the libraries `ldd` lists,
// busybox applets as symlinks, a few plain files, /etc/passwd and /etc/group,
// a sticky /tmp. The result is one tar, kept in the cache by the caller's
// content hash: the Docker path `docker import`s it, the Kubernetes path
// wraps it as the single layer of an image archive for containerd.
import { execFile } from "node:child_process";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** A file of this machine and where it goes in the image. */
export interface RootfsFile {
  from: string;
  to: string;
}

export interface RootfsSpec {
  /** Executables copied with every shared library `ldd` resolves for them (at the same paths). */
  binaries: RootfsFile[];
  /** Other files, copied as they are. */
  files?: RootfsFile[];
  /** Symlinks: path in the image → link target (e.g. "/bin/sh" → "busybox"). */
  symlinks?: Record<string, string>;
  /** /etc/passwd and /etc/group, verbatim. */
  passwd: string;
  group: string;
}

/** root, nobody, and `node` (uid/gid 1000: what the Kubernetes Deployment runs the app as). */
export const PASSWD = "root:x:0:0:root:/:/bin/sh\nnode:x:1000:1000:node:/app:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n";
export const GROUP = "root:x:0:\nnode:x:1000:\nnogroup:x:65534:\n";

/** Shared libraries a binary loads, as `ldd` resolves them on this machine. */
export async function libraries(binary: string): Promise<string[]> {
  const { stdout } = await exec("ldd", [binary]);
  return [...stdout.matchAll(/(\/\S+)\s+\(0x/g)].map((m) => m[1]);
}

async function copyInto(root: string, file: string, as = file): Promise<void> {
  const target = path.join(root, as);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.copyFile(await fs.realpath(file), target);
  await fs.chmod(target, (await fs.stat(file)).mode & 0o777);
}

/** Builds under way in this process, by target path: the engine creates all nodes at once. */
const building = new Map<string, Promise<string>>();

/** The rootfs tar for `spec` at `tar` (built once; an existing file is reused as it is). */
export function rootfsTar(spec: RootfsSpec, tar: string): Promise<string> {
  let build = building.get(tar);
  if (!build) {
    build = buildTar(spec, tar).finally(() => building.delete(tar));
    building.set(tar, build);
  }
  return build;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(() => true, () => false);
}

async function buildTar(spec: RootfsSpec, tar: string): Promise<string> {
  if (await exists(tar)) return tar;
  const cacheDir = path.dirname(tar);
  await fs.mkdir(cacheDir, { recursive: true });
  const root = await fs.mkdtemp(path.join(cacheDir, ".rootfs-"));
  const partial = `${root}.tar`; // unique per build; renamed into place when complete
  try {
    const libs = new Set<string>();
    for (const bin of spec.binaries) {
      await copyInto(root, bin.from, bin.to);
      for (const lib of await libraries(bin.from)) libs.add(lib);
    }
    for (const lib of libs) await copyInto(root, lib);
    for (const file of spec.files ?? []) await copyInto(root, file.from, file.to);
    for (const [link, target] of Object.entries(spec.symlinks ?? {})) {
      await fs.mkdir(path.dirname(path.join(root, link)), { recursive: true });
      await fs.symlink(target, path.join(root, link));
    }
    await fs.mkdir(path.join(root, "etc"), { recursive: true });
    await fs.writeFile(path.join(root, "etc/passwd"), spec.passwd);
    await fs.writeFile(path.join(root, "etc/group"), spec.group);
    await fs.mkdir(path.join(root, "tmp"));
    await fs.chmod(path.join(root, "tmp"), 0o1777); // mkdir's mode goes through the umask
    // a+rX: every directory and file is readable (and the executables runnable) by
    // any uid whatever this process's umask was, so a non-root container user works.
    await exec("tar", ["--numeric-owner", "--owner=0", "--group=0", "--mode=a+rX", "--sort=name", "-C", root, "-cf", partial, "."]);
    await fs.rename(partial, tar); // a reader never sees half a tar
  } finally {
    await fs.rm(root, { recursive: true, force: true });
    await fs.rm(partial, { force: true });
  }
  return tar;
}
