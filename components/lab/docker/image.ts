// The demo app's image, built offline from this machine (no registry is
// reachable): a root filesystem with Node.js, the libraries `ldd` lists,
// busybox (`ip`, `sh`) and apps/demo-app, as a tar kept in the cache under
// its content hash (built by ../rootfs.ts), then `docker import`ed into each
// node's engine once.
import * as path from "node:path";
import { GROUP, PASSWD, rootfsTar, type RootfsSpec } from "../rootfs";
import { imageTag, type ImageRecipe } from "./app";
import { isNotFound, type Engine } from "./client";

/** The demo app's root filesystem: also the single layer of its Kubernetes image (kubernetes/images.ts). */
export function demoRootfs(recipe: ImageRecipe): RootfsSpec {
  return {
    binaries: [
      { from: recipe.node, to: "/bin/node" },
      { from: recipe.busybox, to: "/bin/busybox" },
    ],
    files: [{ from: recipe.appSource, to: "/app/server.js" }],
    symlinks: Object.fromEntries(["sh", "ip", "cat", "ls", "ps"].map((applet) => [`/bin/${applet}`, "busybox"])),
    passwd: PASSWD,
    group: GROUP,
  };
}

/** The image tar for `recipe` in `cacheDir` (built once; an existing one is reused). */
export function imageTar(recipe: ImageRecipe, hash: string, cacheDir: string): Promise<string> {
  return rootfsTar(demoRootfs(recipe), path.join(cacheDir, `demo-app-${hash}.tar`));
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
