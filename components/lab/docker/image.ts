// The demo app's image, built offline from this machine (no registry is
// reachable): a root filesystem with Node.js, the libraries `ldd` lists,
// busybox (`ip`, `sh`) and apps/demo-app, as a tar kept in the cache under
// its content hash, then `docker import`ed into each node's engine once.
import { execFile } from "node:child_process";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { promisify } from "node:util";
import { imageTag, type ImageRecipe } from "./app";
import { isNotFound, type Engine } from "./client";

const exec = promisify(execFile);

/** Shared libraries a binary loads, as `ldd` resolves them on this machine. */
async function libraries(binary: string): Promise<string[]> {
  const { stdout } = await exec("ldd", [binary]);
  return [...stdout.matchAll(/(\/\S+)\s+\(0x/g)].map((m) => m[1]);
}

async function copyInto(root: string, file: string, as = file): Promise<void> {
  const target = path.join(root, as);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.copyFile(await fs.realpath(file), target);
  await fs.chmod(target, (await fs.stat(file)).mode & 0o777);
}

/** Builds under way in this process: the engine creates all nodes' containers at once. */
const building = new Map<string, Promise<string>>();

/** The image tar for `recipe` in `cacheDir` (built once; an existing one is reused). */
export function imageTar(recipe: ImageRecipe, hash: string, cacheDir: string): Promise<string> {
  const tar = path.join(cacheDir, `demo-app-${hash}.tar`);
  let build = building.get(tar);
  if (!build) {
    build = buildTar(recipe, tar).finally(() => building.delete(tar));
    building.set(tar, build);
  }
  return build;
}

async function buildTar(recipe: ImageRecipe, tar: string): Promise<string> {
  const cacheDir = path.dirname(tar);
  if (await fs.stat(tar).then(() => true, () => false)) return tar;
  await fs.mkdir(cacheDir, { recursive: true });
  const root = await fs.mkdtemp(path.join(cacheDir, ".rootfs-"));
  try {
    await copyInto(root, recipe.node, "/bin/node");
    await copyInto(root, recipe.busybox, "/bin/busybox");
    for (const lib of new Set([...(await libraries(recipe.node)), ...(await libraries(recipe.busybox))])) await copyInto(root, lib);
    for (const applet of ["sh", "ip", "cat", "ls", "ps"]) await fs.symlink("busybox", path.join(root, "bin", applet));
    await copyInto(root, recipe.appSource, "/app/server.js");
    await fs.mkdir(path.join(root, "etc"), { recursive: true });
    await fs.writeFile(path.join(root, "etc/passwd"), "root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
    await fs.writeFile(path.join(root, "etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    await fs.mkdir(path.join(root, "tmp"), { mode: 0o1777 });
    const partial = `${root}.tar`; // unique per build; renamed into place when complete
    await exec("tar", ["--numeric-owner", "--owner=0", "--group=0", "-C", root, "-cf", partial, "."]);
    await fs.rename(partial, tar); // a reader never sees half a tar
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
  return tar;
}

/** Imports the image into the engine unless it has it already. */
export async function ensureImage(engine: Engine, recipe: ImageRecipe, hash: string, cacheDir: string): Promise<string> {
  const tag = imageTag(hash);
  try {
    await engine.getImage(tag).inspect();
    return tag;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const tar = await imageTar(recipe, hash, cacheDir);
  const [repo, version] = tag.split(":");
  const stream = await engine.importImage(tar, {
    repo,
    tag: version,
    changes: ['ENV PATH=/bin', 'USER nobody', 'CMD ["/bin/node", "/app/server.js"]'],
  } as unknown as Record<string, unknown>);
  await new Promise<void>((resolve, reject) =>
    engine.modem.followProgress(stream, (err: Error | null, events: Array<{ error?: string }>) => {
      const failed = events?.find((e) => e.error);
      if (err || failed) reject(err ?? new Error(`docker import ${tag}: ${failed?.error}`));
      else resolve();
    }),
  );
  return tag;
}
