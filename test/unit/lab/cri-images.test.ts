// The lab's Kubernetes images as archives for containerd: the docker-archive
// layout `ctr images import` reads (manifest.json, the config with diff_ids
// matching the layer's sha256, one layer), the tags, the content-hash cache,
// and importImages against a stand-in ctr (argv, skipping, error messages).
// A real containerd takes them in test/integration/cri-images.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { imageTag, recipeHash, type ImageRecipe } from "../../../components/lab/docker/app";
import { imageTar } from "../../../components/lab/docker/image";
import { archiveTags, goArch, readArchiveManifest, readTarMember, type ArchiveManifest, type ImageConfig } from "../../../components/lab/kubernetes/archive";
import {
  containerdRef,
  demoAppArchive,
  importImages,
  labImageArchives,
  listImages,
  PAUSE_COMMAND,
  pauseArchive,
  pauseImageTag,
  pauseRecipe,
  pauseRecipeHash,
} from "../../../components/lab/kubernetes/images";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-cri-images-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A small recipe (a tiny binary as "node") so each build is quick; the layout is the same. */
function smallRecipe(appText = "console.log('demo');\n"): ImageRecipe {
  const appSource = path.join(fs.mkdtempSync(path.join(tmp, "app-")), "server.js");
  fs.writeFileSync(appSource, appText);
  return { node: fs.realpathSync("/bin/true"), busybox: fs.realpathSync("/bin/busybox"), appSource };
}

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");
const tarList = (tar: string) => execFileSync("tar", ["-tf", tar], { encoding: "utf8" }).trim().split("\n");
const tarVerbose = (tar: string) => execFileSync("tar", ["-tvf", tar], { encoding: "utf8" }).trim().split("\n");
const member = (tar: string, name: string) => execFileSync("tar", ["-xOf", tar, name], { maxBuffer: 512 * 2 ** 20 });

interface Opened {
  manifest: ArchiveManifest[];
  config: ImageConfig;
  configBytes: Buffer;
  layer: Buffer;
}

function open(archive: string): Opened {
  const manifest = JSON.parse(member(archive, "manifest.json").toString()) as ArchiveManifest[];
  const configBytes = member(archive, manifest[0].Config);
  return { manifest, config: JSON.parse(configBytes.toString()) as ImageConfig, configBytes, layer: member(archive, manifest[0].Layers[0]) };
}

describe("the demo app's archive", () => {
  const recipe = smallRecipe();
  const hash = recipeHash(recipe);
  const cache = path.join(tmp, "demo");
  let file = "";
  let opened: Opened;
  beforeAll(async () => {
    file = (await demoAppArchive(recipe, hash, cache)).path;
    opened = open(file);
  });

  test("is manifest.json, then the config <sha256>.json, then <sha256>/layer.tar, nothing else", () => {
    const [m] = opened.manifest;
    expect(opened.manifest).toHaveLength(1);
    expect(tarList(file)).toEqual(["manifest.json", m.Config, m.Layers[0]]);
    expect(m.Config).toBe(`${sha256(opened.configBytes)}.json`);
    expect(m.Layers).toEqual([`${sha256(opened.layer)}/layer.tar`]);
  });

  test("manifest.json tags it imageTag(recipeHash) (dualstack/demo-app:<hash16>), as the Docker path does", async () => {
    expect(opened.manifest[0].RepoTags).toEqual([imageTag(hash)]);
    expect(imageTag(hash)).toBe(`dualstack/demo-app:${hash.slice(0, 16)}`);
    expect(await archiveTags(file)).toEqual([imageTag(hash)]);
  });

  test("the config: this machine's platform, the app's command, PATH=/bin, no User, one diff_id = sha256 of the layer", () => {
    const c = opened.config;
    expect(c.architecture).toBe(goArch());
    if (process.arch === "x64") expect(c.architecture).toBe("amd64");
    expect(c.os).toBe("linux");
    expect(c.config).toEqual({ Cmd: ["/bin/node", "/app/server.js"], Env: ["PATH=/bin"], WorkingDir: "/app" });
    expect(c.config.User).toBeUndefined();
    expect(c.rootfs).toEqual({ type: "layers", diff_ids: [`sha256:${sha256(opened.layer)}`] });
    expect(c.history).toHaveLength(1);
    expect(Number.isNaN(Date.parse(c.created))).toBe(false);
  });

  test("the layer is the Docker path's rootfs tar, byte for byte", async () => {
    const rootfs = await imageTar(recipe, hash, cache);
    expect(sha256(fs.readFileSync(rootfs))).toBe(sha256(opened.layer));
  });

  test("the layer has node, busybox, the app, a node user (uid/gid 1000), and everything readable by any uid", () => {
    const layerTar = path.join(tmp, "demo-layer.tar");
    fs.writeFileSync(layerTar, opened.layer);
    const names = tarList(layerTar);
    for (const f of ["./bin/node", "./bin/busybox", "./bin/sh", "./app/server.js", "./etc/passwd", "./etc/group", "./tmp/"]) expect(names).toContain(f);
    expect(member(layerTar, "./etc/passwd").toString()).toMatch(/^node:x:1000:1000:/m);
    expect(member(layerTar, "./etc/group").toString()).toMatch(/^node:x:1000:/m);
    expect(member(layerTar, "./app/server.js").toString()).toBe(fs.readFileSync(recipe.appSource, "utf8"));
    for (const line of tarVerbose(layerTar)) {
      const [mode, owner] = line.split(/\s+/);
      expect(owner).toBe("0/0");
      if (mode[0] === "l") continue;
      expect(mode[7]).toBe("r"); // others may read
      if (mode[0] === "d") expect(mode[9]).toMatch(/[xt]/); // and enter every directory
    }
    expect(tarVerbose(layerTar).find((l) => l.endsWith(" ./bin/node"))?.slice(0, 10)).toBe("-rwxr-xr-x");
    expect(tarVerbose(layerTar).find((l) => l.endsWith(" ./tmp/"))?.slice(0, 10)).toBe("drwxrwxrwt");
  });
});

describe("the pause archive", () => {
  const recipe = pauseRecipe(smallRecipe());
  const hash = pauseRecipeHash(recipe);
  let opened: Opened;
  let file = "";
  beforeAll(async () => {
    file = (await pauseArchive(recipe, hash, path.join(tmp, "pause"))).path;
    opened = open(file);
  });

  test("tagged pauseImageTag(hash) = dualstack/pause:<hash16>, the tag sandbox_image names", () => {
    expect(opened.manifest[0].RepoTags).toEqual([pauseImageTag(hash)]);
    expect(pauseImageTag(hash)).toBe(`dualstack/pause:${hash.slice(0, 16)}`);
  });

  test("runs the sleep-until-TERM loop under busybox sh, diff_id = the layer's sha256", () => {
    expect(opened.config.config.Cmd).toEqual(PAUSE_COMMAND);
    expect(PAUSE_COMMAND.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(PAUSE_COMMAND[2]).toMatch(/trap "exit 0" TERM INT/);
    expect(opened.config.config.User).toBeUndefined();
    expect(opened.config.rootfs.diff_ids).toEqual([`sha256:${sha256(opened.layer)}`]);
    expect(tarList(file)).toEqual(["manifest.json", opened.manifest[0].Config, opened.manifest[0].Layers[0]]);
  });

  test("holds busybox with its libraries, sh and sleep, and no Node.js", () => {
    const layerTar = path.join(tmp, "pause-layer.tar");
    fs.writeFileSync(layerTar, opened.layer);
    const names = tarList(layerTar);
    for (const f of ["./bin/busybox", "./bin/sh", "./bin/sleep", "./etc/passwd"]) expect(names).toContain(f);
    expect(names.some((n) => /\/libc\.so/.test(n))).toBe(true);
    expect(names).not.toContain("./bin/node");
  });
});

describe("tags and containerd's names", () => {
  test.each([
    ["dualstack/pause:0123456789abcdef", "docker.io/dualstack/pause:0123456789abcdef"],
    ["dualstack/demo-app:0123456789abcdef", "docker.io/dualstack/demo-app:0123456789abcdef"],
    ["busybox", "docker.io/library/busybox:latest"],
    ["busybox:1.36", "docker.io/library/busybox:1.36"],
    ["registry.local:5000/x/y:1", "registry.local:5000/x/y:1"],
    ["localhost/x", "localhost/x:latest"],
    ["docker.io/dualstack/pause:1", "docker.io/dualstack/pause:1"],
  ])("%s is stored as %s", (tag, ref) => {
    expect(containerdRef(tag)).toBe(ref);
  });

  test("labImageArchives: both archives with their tags and containerd names", async () => {
    const recipe = smallRecipe("// both\n");
    const both = await labImageArchives(recipe, path.join(tmp, "both"));
    const pauseHash = pauseRecipeHash(pauseRecipe(recipe));
    expect(both.demoApp).toMatchObject({ tag: imageTag(recipeHash(recipe)), ref: containerdRef(imageTag(recipeHash(recipe))) });
    expect(both.pause).toMatchObject({ tag: pauseImageTag(pauseHash), ref: `docker.io/${pauseImageTag(pauseHash)}` });
    expect(await archiveTags(both.pause.path)).toEqual([both.pause.tag]);
  });
});

describe("the cache", () => {
  const cache = path.join(tmp, "cache");

  test("a second call (and concurrent calls) reuse the archive: same file, not rewritten", async () => {
    const recipe = smallRecipe("// cache\n");
    const hash = recipeHash(recipe);
    const [a, b] = await Promise.all([demoAppArchive(recipe, hash, cache), demoAppArchive(recipe, hash, cache)]);
    expect(b).toEqual(a);
    const before = fs.statSync(a.path);
    const again = await demoAppArchive(recipe, hash, cache);
    const after = fs.statSync(again.path);
    expect(again.path).toBe(a.path);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(fs.readdirSync(cache).filter((f) => f.startsWith("."))).toEqual([]); // no stage or partial tar left
  });

  test("a different app is a different hash, tag and archive; the same recipe hashes the same", async () => {
    const one = smallRecipe("// one\n");
    const two = { ...one, appSource: smallRecipe("// two\n").appSource };
    expect(recipeHash(one)).toBe(recipeHash({ ...one }));
    expect(recipeHash(two)).not.toBe(recipeHash(one));
    const a = await demoAppArchive(one, recipeHash(one), cache);
    const b = await demoAppArchive(two, recipeHash(two), cache);
    expect(b.path).not.toBe(a.path);
    expect(b.tag).not.toBe(a.tag);
  });

  test("a different busybox is a different pause hash, tag and archive", async () => {
    const copy = path.join(tmp, "busybox-copy");
    fs.copyFileSync(fs.realpathSync("/bin/busybox"), copy);
    fs.chmodSync(copy, 0o755);
    const base = pauseRecipe(smallRecipe());
    expect(pauseRecipeHash(base)).toBe(pauseRecipeHash({ ...base }));
    const other = { busybox: copy };
    expect(pauseRecipeHash(other)).not.toBe(pauseRecipeHash(base));
    const a = await pauseArchive(base, pauseRecipeHash(base), cache);
    const b = await pauseArchive(other, pauseRecipeHash(other), cache);
    expect(b.path).not.toBe(a.path);
    expect(b.tag).not.toBe(a.tag);
  });
});

describe("reading an archive", () => {
  test("readTarMember finds a member by its headers, and says undefined for a missing one", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "tar-"));
    fs.writeFileSync(path.join(dir, "a.txt"), "x".repeat(1000));
    fs.writeFileSync(path.join(dir, "manifest.json"), "[]");
    const tar = path.join(tmp, "two.tar");
    execFileSync("tar", ["-C", dir, "-cf", tar, "a.txt", "manifest.json"]);
    expect((await readTarMember(tar, "manifest.json"))?.toString()).toBe("[]");
    expect(await readTarMember(tar, "nope.json")).toBeUndefined();
    await expect(readArchiveManifest(path.join(dir, "a.txt"))).rejects.toThrow(/a\.txt/);
  });
});

describe("importImages against a stand-in ctr", () => {
  /** A `ctr` that logs its argv, lists `present`, and fails imports with `failWith` on stderr. */
  function fakeCtr(present: string[], failWith?: string): { ctr: string; calls: () => string[][] } {
    const dir = fs.mkdtempSync(path.join(tmp, "ctr-"));
    const log = path.join(dir, "calls");
    const ctr = path.join(dir, "ctr");
    fs.writeFileSync(
      ctr,
      [
        "#!/bin/sh",
        `printf '%s\\n' "$*" >> ${log}`,
        'case "$*" in',
        `  *"images ls -q"*) printf '%s\\n' ${present.map((p) => `'${p}'`).join(" ")} ;;`,
        `  *"images import"*) ${failWith ? `echo '${failWith}' >&2; exit 1` : ":"} ;;`,
        "esac",
      ].join("\n") + "\n",
      { mode: 0o755 },
    );
    return { ctr, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").map((l) => l.split(" ")) : []) };
  }

  let pause = "";
  let pauseRef = "";
  beforeAll(async () => {
    const recipe = pauseRecipe(smallRecipe());
    const a = await pauseArchive(recipe, pauseRecipeHash(recipe), path.join(tmp, "fake"));
    [pause, pauseRef] = [a.path, a.ref];
  });

  test("lists k8s.io's images with ls -q", async () => {
    const fake = fakeCtr(["docker.io/x/y:1", "sha256:abc"]);
    expect(await listImages("/run/x.sock", fake.ctr)).toEqual(["docker.io/x/y:1", "sha256:abc"]);
    expect(fake.calls()).toEqual([["--address", "/run/x.sock", "--namespace", "k8s.io", "images", "ls", "-q"]]);
  });

  test("skips an archive whose tags containerd lists already", async () => {
    const fake = fakeCtr([pauseRef]);
    await importImages({ ctr: fake.ctr, address: "/run/x.sock", archives: [pause] });
    expect(fake.calls().map((c) => c.slice(4).join(" "))).toEqual(["images ls -q"]);
  });

  test("imports into k8s.io, unpacked for overlayfs, then checks the name is there", async () => {
    const fake = fakeCtr([]);
    await expect(importImages({ ctr: fake.ctr, address: "/run/x.sock", archives: [pause] })).rejects.toThrow(
      `ctr imported ${pause} into containerd at /run/x.sock, but it lists no ${pauseRef}`,
    );
    expect(fake.calls()[1]).toEqual(["--address", "/run/x.sock", "--namespace", "k8s.io", "images", "import", "--no-unpack=false", "--snapshotter", "overlayfs", pause]);
  });

  test("a failed import names the archive and quotes what ctr printed", async () => {
    const fake = fakeCtr([], "ctr: failed to ingest blob: disk full");
    await expect(importImages({ ctr: fake.ctr, address: "/run/x.sock", archives: [pause] })).rejects.toThrow(
      new RegExp(`ctr could not import ${pause.replace(/[.]/g, "\\.")} into containerd at /run/x\\.sock: exit 1: ctr: failed to ingest blob: disk full`),
    );
  });

  test("a missing ctr or an archive without tags says so", async () => {
    await expect(listImages("/run/x.sock", path.join(tmp, "no-such-ctr"))).rejects.toThrow(/could not list the images of containerd at \/run\/x\.sock/);
    const dir = fs.mkdtempSync(path.join(tmp, "untagged-"));
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify([{ Config: "c.json", RepoTags: [], Layers: [] }]));
    const untagged = path.join(tmp, "untagged.tar");
    execFileSync("tar", ["-C", dir, "-cf", untagged, "manifest.json"]);
    await expect(importImages({ ctr: fakeCtr([]).ctr, address: "/run/x.sock", archives: [untagged] })).rejects.toThrow(`${untagged}: manifest.json has no RepoTags`);
  });
});
