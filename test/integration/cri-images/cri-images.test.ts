// The lab's Kubernetes images in a real containerd 1.6 (the CRI plugin on,
// overlayfs): a containerd of this test's own (config, root, state and
// sockets under a tmp dir, in the root network namespace), both archives
// imported with importImages, listed under their tags and adopted by the CRI,
// then run: the demo image's Node.js prints 42 (also as uid 1000), the pause
// image sleeps until SIGTERM and exits 0. Stopping containerd leaves no
// process, mount, cgroup, shim socket or directory behind. Needs root.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultRecipe } from "../../../components/lab/docker/app";
import { type ImageArchive, importImages, labImageArchives, listImages, PAUSE_COMMAND } from "../../../components/lab/kubernetes/images";
import { cgroupDirs, mountsUnder, pidsMentioning, removeCgroupTree, run, unmountUnder, waitFor, killProcessesMentioning } from "../../../components/lab/linux";

jest.setTimeout(120_000);

const TOOLS = ["containerd", "ctr", "runc", "containerd-shim-runc-v2"];
const onPath = (tool: string) => (process.env.PATH ?? "").split(":").some((dir) => fs.existsSync(path.join(dir, tool)));
const missing = TOOLS.filter((t) => !onPath(t));
const why = process.getuid?.() !== 0 ? "needs root" : missing.length ? `needs ${missing.join(", ")}` : "";
const describeIfAble = why ? (name: string, fn: () => void) => describe.skip(`${name} (skipped: ${why})`, fn) : describe;

/** The shim's socket for a task, as containerd 1.6 names it: /run/containerd/s/sha256(<address>/<ns>/<id>). */
const shimSocket = (address: string, id: string) => `/run/containerd/s/${createHash("sha256").update(path.join(address, "k8s.io", id)).digest("hex")}`;

function configToml(dir: string, address: string, sandboxImage: string): string {
  return `version = 2
root = "${dir}/root"
state = "${dir}/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper"]

[grpc]
  address = "${address}"

[ttrpc]
  address = "${address}.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "${dir}/opt"

[plugins."io.containerd.grpc.v1.cri"]
  restrict_oom_score_adj = true
  sandbox_image = "${sandboxImage}"
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        Root = "${dir}/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${dir}/cni/bin"
    conf_dir = "${dir}/cni/net.d"
`;
}

describeIfAble("lab images in a real containerd 1.6 (CRI, overlayfs)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-cri-"));
  const address = path.join(dir, "containerd.sock");
  /** Every container's cgroup sits under this one name in each hierarchy (ctr's default would be /k8s.io/<id>, left behind). */
  const cgroup = `dstest-cri-${randomBytes(4).toString("hex")}`;
  const ids: string[] = [];
  let containerd: ChildProcess | undefined;
  let archives: { demoApp: ImageArchive; pause: ImageArchive };
  let tornDown = false;

  const ctr = (args: string[], timeoutMs = 60_000) => run("ctr", ["--address", address, "--namespace", "k8s.io", ...args], { timeoutMs });
  /** `ctr run` options that keep runc's state, the fifos and the cgroup in places this test removes. */
  const runOpts = (id: string) => {
    ids.push(id);
    return ["--net-host", "--runc-root", path.join(dir, "runc"), "--fifo-dir", path.join(dir, "fifo"), "--cgroup", `/${cgroup}/${id}`];
  };
  const log = () => fs.readFileSync(path.join(dir, "containerd.log"), "utf8").split("\n").slice(-30).join("\n");

  async function teardown(): Promise<{ mountsLeft: string[]; unmounted: number }> {
    tornDown = true;
    if (containerd && containerd.exitCode === null && containerd.signalCode === null) {
      const listed = await ctr(["containers", "ls", "-q"]).then((r) => r.stdout.split("\n").filter(Boolean), () => [] as string[]);
      for (const id of listed) {
        await ctr(["tasks", "kill", "-s", "SIGKILL", id]).catch(() => undefined);
        await ctr(["tasks", "rm", "-f", id]).catch(() => undefined);
        await ctr(["containers", "rm", id]).catch(() => undefined);
      }
      const exited = new Promise((resolve) => containerd?.once("exit", resolve));
      containerd.kill("SIGTERM");
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 20_000)))]);
      clearTimeout(timer);
      if (!stopped) {
        containerd.kill("SIGKILL");
        await exited;
      }
    }
    await killProcessesMentioning(address); // shims started with -address <our socket>, if any outlived their task
    const mountsLeft = await mountsUnder(dir);
    const unmounted = await unmountUnder(dir);
    for (const cg of await cgroupDirs(cgroup)) await removeCgroupTree(cg);
    for (const id of ids) fs.rmSync(shimSocket(address, id), { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
    return { mountsLeft, unmounted };
  }

  beforeAll(async () => {
    archives = await labImageArchives(defaultRecipe(), path.join(dir, "cache"));
    fs.writeFileSync(path.join(dir, "config.toml"), configToml(dir, address, archives.pause.tag));
    const out = fs.openSync(path.join(dir, "containerd.log"), "a");
    containerd = spawn("containerd", ["--config", path.join(dir, "config.toml")], { stdio: ["ignore", out, out] });
    fs.closeSync(out);
    await waitFor(() => ctr(["version"]).then(() => true), { timeoutMs: 30_000, intervalMs: 200, description: "containerd to answer" }).catch((err: Error) => {
      throw new Error(`${err.message}\ncontainerd.log:\n${log()}`);
    });
  }, 120_000);

  afterAll(async () => {
    if (!tornDown) await teardown();
  }, 60_000);

  test("importImages puts both images into k8s.io, unpacked, under their tags; the CRI plugin adopts them", async () => {
    await importImages({ address, archives: [archives.pause.path, archives.demoApp.path] });
    const names = await listImages(address);
    expect(names).toEqual(expect.arrayContaining([archives.demoApp.ref, archives.pause.ref]));
    expect(archives.demoApp.ref).toBe(`docker.io/${archives.demoApp.tag}`);
    expect(archives.pause.ref).toBe(`docker.io/${archives.pause.tag}`);

    const { stdout: table } = await ctr(["images", "ls"]);
    for (const a of [archives.demoApp, archives.pause]) expect(table).toContain(a.ref);
    const { stdout: check } = await ctr(["images", "check"]);
    for (const a of [archives.demoApp, archives.pause]) expect(check.split("\n").find((l) => l.startsWith(`${a.ref} `))).toMatch(/complete \(2\/2\).*\btrue\s*$/);
    // The CRI plugin labels images it manages (and adds a sha256:<config> name): it saw both imports.
    await waitFor(
      async () => {
        const { stdout } = await ctr(["images", "ls"]);
        return [archives.demoApp, archives.pause].every((a) => stdout.split("\n").some((l) => l.startsWith(`${a.ref} `) && l.includes("io.cri-containerd.image=managed")));
      },
      { timeoutMs: 15_000, description: "the CRI's managed label on both images" },
    );
  });

  test("a second importImages imports nothing (both tags listed already)", async () => {
    const calls = path.join(dir, "ctr-calls");
    const wrapper = path.join(dir, "ctr-wrapper");
    fs.writeFileSync(wrapper, `#!/bin/sh\nprintf '%s\\n' "$*" >> ${calls}\nexec ctr "$@"\n`, { mode: 0o755 });
    await importImages({ ctr: wrapper, address, archives: [archives.pause.path, archives.demoApp.path] });
    expect(fs.readFileSync(calls, "utf8").trim().split("\n")).toEqual([`--address ${address} --namespace k8s.io images ls -q`]);
  });

  test("the demo image runs Node.js: ctr run --rm prints 42, and uid 1000 (`node`) can run /bin/node and read /app", async () => {
    const { stdout } = await ctr(["run", "--rm", ...runOpts("t1"), archives.demoApp.ref, "t1", "/bin/node", "-e", "console.log(42)"]);
    expect(stdout.trim()).toBe("42");
    const asNode =
      'process.setgid("node"); process.setuid("node");' +
      'console.log(require("child_process").execFileSync("/bin/node", ["-e", "console.log(process.getuid(), require(\\"fs\\").readFileSync(\\"/app/server.js\\", \\"utf8\\").length > 0)"], { encoding: "utf8" }).trim())';
    const { stdout: uid } = await ctr(["run", "--rm", ...runOpts("t2"), archives.demoApp.ref, "t2", "/bin/node", "-e", asNode]);
    expect(uid.trim()).toBe("1000 true");
  });

  test("the pause image sleeps as PID 1 until SIGTERM, then exits 0 within seconds", async () => {
    const id = "p1";
    let events = "";
    const watcher = spawn("ctr", ["--address", address, "events"], { stdio: ["ignore", "pipe", "pipe"] });
    watcher.stdout.on("data", (chunk: Buffer) => (events += chunk.toString()));
    const eventOf = (topic: string) =>
      events
        .split("\n")
        .filter((l) => l.includes(` k8s.io ${topic} `))
        .map((l) => JSON.parse(l.slice(l.indexOf("{"))) as { container_id: string; pid?: number; exit_status?: number })
        .find((e) => e.container_id === id);
    try {
      // Touch the namespace until its update shows in the stream: then the subscription is live.
      let probe = 0;
      await waitFor(async () => (await ctr(["namespaces", "label", "k8s.io", `dstest-probe=${++probe}`]), events.includes("/namespaces/update")), {
        timeoutMs: 15_000,
        intervalMs: 200,
        description: "ctr events to see a namespace update",
      });
      await ctr(["run", "-d", ...runOpts(id), archives.pause.ref, id]);
      const started = await waitFor(() => eventOf("/tasks/start"), { timeoutMs: 15_000, description: "the /tasks/start event" });
      const { stdout: tasks } = await ctr(["tasks", "ls"]);
      expect(tasks).toMatch(new RegExp(`^${id}\\s+${started.pid}\\s+RUNNING`, "m"));
      expect(fs.readFileSync(`/proc/${started.pid}/cmdline`, "utf8").split("\0").filter(Boolean)).toEqual(PAUSE_COMMAND);
      expect(fs.existsSync(shimSocket(address, id))).toBe(true);
      await new Promise((r) => setTimeout(r, 300)); // let sh reach `wait`; the trap works either way

      const signalled = Date.now();
      await ctr(["tasks", "kill", "-s", "SIGTERM", id]);
      const exit = await waitFor(() => eventOf("/tasks/exit"), { timeoutMs: 20_000, intervalMs: 50, description: "the pause task to exit after SIGTERM" });
      const seconds = (Date.now() - signalled) / 1000;
      expect(exit.exit_status ?? 0).toBe(0); // the event leaves out a zero status
      expect(seconds).toBeLessThan(10);
      await waitFor(async () => /\bSTOPPED\b/.test((await ctr(["tasks", "ls"])).stdout), { description: "the task to show STOPPED" });
      const removed = await ctr(["tasks", "rm", id]);
      expect(removed.stderr).not.toMatch(/non-zero exit code/);
      await ctr(["containers", "rm", id]);
    } finally {
      if (watcher.exitCode === null && watcher.signalCode === null) {
        const gone = new Promise((resolve) => watcher.once("exit", resolve));
        watcher.kill("SIGTERM");
        await gone;
      }
    }
  });

  test("an archive containerd refuses: the error names the archive and quotes ctr", async () => {
    const stage = fs.mkdtempSync(path.join(dir, "broken-"));
    fs.writeFileSync(path.join(stage, "manifest.json"), JSON.stringify([{ Config: "c.json", RepoTags: ["dualstack/broken:1"], Layers: ["missing/layer.tar"] }]));
    fs.writeFileSync(path.join(stage, "c.json"), JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } }));
    const broken = path.join(dir, "broken.tar");
    await run("tar", ["-C", stage, "-cf", broken, "manifest.json", "c.json"]);
    const err = await importImages({ address, archives: [broken] }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(new RegExp(`^ctr could not import ${broken.replace(/[.]/g, "\\.")} into containerd at ${address.replace(/[.]/g, "\\.")}: exit 1: .*missing/layer\\.tar`));
    expect(await listImages(address)).not.toContain("docker.io/dualstack/broken:1");
  });

  test("stopping containerd leaves no process, mount, cgroup, shim socket or directory behind", async () => {
    const { mountsLeft, unmounted } = await teardown();
    if (mountsLeft.length) console.log(`containerd left ${unmounted} mount(s) under ${dir}, unmounted: ${mountsLeft.join(", ")}`);
    expect(await mountsUnder(dir)).toEqual([]);
    expect(await pidsMentioning(dir)).toEqual([]);
    expect(await cgroupDirs(cgroup)).toEqual([]);
    for (const id of ids) expect(fs.existsSync(shimSocket(address, id))).toBe(false);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
