// The ClusterPki provider on a scratch directory (no namespaces, no
// processes): what create writes and with which modes, that no private key
// reaches inputs or outputs, drift from missing or foreign files, updates
// that keep the CA and every unaffected certificate byte for byte, and a
// delete that removes only its own directory. The layout's subjects are
// checked against the task's table; `openssl verify` judges every leaf.
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../../../components/dynamic";
import { clusterCerts, nodeCertName, pkiPaths, pkiRequestProblems, type ClusterPkiRequest } from "../../../components/lab/kubernetes/pki-layout";
import { createCa, describeCert, issueCert } from "../../../components/lab/kubernetes/pki";
import { provider, type ClusterPkiOutputs, type ClusterPkiProps } from "../../../components/lab/providers/cluster-pki";

const REQUEST: ClusterPkiRequest = {
  clusterName: "lab",
  apiserver: { ips: ["10.77.0.100", "fd12:3456:789a::100", "10.96.0.1", "fd00:96::1", "127.0.0.1", "::1"], dns: ["kubernetes", "kubernetes.default", "kubernetes.default.svc", "localhost"] },
  etcd: { ips: ["10.77.0.11", "fd12:3456:789a::b"] },
  nodes: [
    { name: "node-1", ipv4: "10.77.0.11", ipv6: "fd12:3456:789a::b" },
    { name: "node-2", ipv4: "10.77.0.12", ipv6: "fd12:3456:789a::c" },
  ],
};
const NODE_3 = { name: "node-3", ipv4: "10.77.0.13", ipv6: "fd12:3456:789a::d" };
const FIXED = ["ca", "apiserver", "apiserver-kubelet-client", "apiserver-etcd-client", "etcd-server", "admin", "controller-manager", "scheduler", "kube-proxy"];

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-cluster-pki-"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
const props = (over: Partial<ClusterPkiProps> = {}): ClusterPkiProps => ({ dir: path.join(root, `pki-${++n}`), ...REQUEST, complete: true, ...over });

/** Every file in dir with its bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((f) => [f, fs.readFileSync(path.join(dir, f), "latin1")]),
  );
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const verify = (dir: string, cert: string) => spawnSync("openssl", ["verify", "-CAfile", path.join(dir, "ca.crt"), cert], { encoding: "utf8" });

async function create(p: ClusterPkiProps): Promise<ClusterPkiOutputs> {
  const r = await provider.create!(p);
  expect(r.id).toBe(p.dir);
  return r.outs as ClusterPkiOutputs;
}

async function read(outs: ClusterPkiOutputs) {
  return provider.read!(outs.dir, outs);
}

async function update(olds: ClusterPkiOutputs, news: ClusterPkiProps): Promise<ClusterPkiOutputs> {
  return (await provider.update!(olds.dir, olds, news)).outs as ClusterPkiOutputs;
}

describe("the layout", () => {
  const paths = pkiPaths("/run/dualstack/lab/pki");

  test("pkiPaths: <dir>/<name>.crt and .key, the service-account pair sa.key / sa.pub, node-<name> per node", () => {
    expect(paths.ca).toEqual({ cert: "/run/dualstack/lab/pki/ca.crt", key: "/run/dualstack/lab/pki/ca.key" });
    expect(paths.apiserverEtcdClient.cert).toBe("/run/dualstack/lab/pki/apiserver-etcd-client.crt");
    expect(paths.serviceAccount).toEqual({ key: "/run/dualstack/lab/pki/sa.key", pub: "/run/dualstack/lab/pki/sa.pub" });
    expect(paths.node("node-1")).toEqual({ cert: "/run/dualstack/lab/pki/node-node-1.crt", key: "/run/dualstack/lab/pki/node-node-1.key" });
    const fixed = [paths.ca, paths.apiserver, paths.apiserverKubeletClient, paths.apiserverEtcdClient, paths.etcdServer, paths.admin, paths.controllerManager, paths.scheduler, paths.kubeProxy];
    expect(fixed.map((p) => path.basename(p.cert, ".crt"))).toEqual(FIXED);
  });

  test("clusterCerts: each component's subject and usages, SANs where they serve", () => {
    const table = Object.fromEntries(clusterCerts(REQUEST).map((c) => [c.name, c.request]));
    expect(Object.keys(table)).toEqual([...FIXED.slice(1), "node-node-1", "node-node-2"]);
    expect(table["admin"]).toEqual({ commonName: "dualstack-admin", organizations: ["system:masters"], usages: ["client"] });
    expect(table["controller-manager"]).toEqual({ commonName: "system:kube-controller-manager", usages: ["client"] });
    expect(table["scheduler"]).toEqual({ commonName: "system:kube-scheduler", usages: ["client"] });
    expect(table["kube-proxy"]).toEqual({ commonName: "system:kube-proxy", usages: ["client"] });
    expect(table["apiserver"]).toEqual({ commonName: "kube-apiserver", ipSans: REQUEST.apiserver.ips, dnsSans: REQUEST.apiserver.dns, usages: ["server"] });
    expect(table["apiserver-kubelet-client"]).toEqual({ commonName: "kube-apiserver-kubelet-client", organizations: ["system:masters"], usages: ["client"] });
    expect(table["apiserver-etcd-client"]).toEqual({ commonName: "kube-apiserver-etcd-client", usages: ["client"] });
    expect(table["etcd-server"]).toEqual({ commonName: "etcd", ipSans: [...REQUEST.etcd.ips, "127.0.0.1"], usages: ["server", "client"] });
    expect(table["node-node-2"]).toEqual({
      commonName: "system:node:node-2",
      organizations: ["system:nodes"],
      ipSans: ["10.77.0.12", "fd12:3456:789a::c"],
      dnsSans: ["node-2"],
      usages: ["server", "client"],
    });
    expect(nodeCertName("node-2")).toBe("node-node-2");
    // 127.0.0.1 once, even when asked for.
    expect(clusterCerts({ ...REQUEST, etcd: { ips: ["127.0.0.1"] } }).find((c) => c.name === "etcd-server")!.request.ipSans).toEqual(["127.0.0.1"]);
  });

  test("pkiRequestProblems names each bad value", () => {
    expect(pkiRequestProblems(REQUEST)).toEqual([]);
    const problems = pkiRequestProblems({
      clusterName: "Lab_1",
      apiserver: { ips: ["10.0.0.300"], dns: ["ok", "not ok"] },
      etcd: { ips: ["fd00::g"] },
      nodes: [REQUEST.nodes[0], { ...REQUEST.nodes[1], name: "node-1" }, { name: "node-3", ipv4: "fd00::1", ipv6: "10.0.0.1" }],
    }).map(([p]) => p);
    expect(problems).toEqual(["clusterName", "apiserver.ips[0]", "apiserver.dns[1]", "etcd.ips[0]", "nodes[1].name", "nodes[2].ipv4", "nodes[2].ipv6"]);
  });
});

describe("create", () => {
  let p: ClusterPkiProps;
  let outs: ClusterPkiOutputs;
  beforeAll(async () => {
    p = props({ dir: path.join(root, "nested", "pki") }); // parents created too
    outs = await create(p);
  }, 60_000);

  test("writes every file: the CA, each component, each node, the service-account pair; nothing else", () => {
    const expected = [...FIXED, "node-node-1", "node-node-2"].flatMap((f) => [`${f}.crt`, `${f}.key`]).concat(["sa.key", "sa.pub"]);
    expect(fs.readdirSync(p.dir).sort()).toEqual(expected.sort());
  });

  test("modes: directory 0700, keys 0600, certificates and the public key 0644", () => {
    expect(mode(p.dir)).toBe(0o700);
    for (const f of fs.readdirSync(p.dir)) expect([f, mode(path.join(p.dir, f))]).toEqual([f, f.endsWith(".key") ? 0o600 : 0o644]);
  });

  test("openssl verify -CAfile ca.crt passes for every leaf, and each says what the layout asks", async () => {
    for (const spec of clusterCerts(p)) {
      const file = path.join(p.dir, `${spec.name}.crt`);
      const r = verify(p.dir, file);
      expect([spec.name, r.status, r.stdout.trim()]).toEqual([spec.name, 0, `${file}: OK`]);
      const d = await describeCert(fs.readFileSync(file, "utf8"));
      expect(d.commonName).toBe(spec.request.commonName);
      expect(d.usages).toEqual(spec.request.usages);
    }
  });

  test("outputs: the inputs, the CA certificate and its sha256 fingerprint; no private key anywhere", () => {
    const { caCertPem, caFingerprint, ...inputs } = outs;
    expect(inputs).toEqual(p);
    expect(caCertPem).toBe(fs.readFileSync(path.join(p.dir, "ca.crt"), "utf8"));
    expect(caFingerprint).toBe(new crypto.X509Certificate(caCertPem).fingerprint256);
    expect(caFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const text = JSON.stringify(outs);
    expect(text).not.toContain("PRIVATE KEY");
    for (const f of fs.readdirSync(p.dir).filter((f) => f.endsWith(".key"))) {
      const body = fs.readFileSync(path.join(p.dir, f), "utf8").split("\n")[1];
      expect(text).not.toContain(body);
    }
  });

  test("read: complete, inputs without keys either", async () => {
    const r = await read(outs);
    expect(r.id).toBe(p.dir);
    expect((r.props as ClusterPkiOutputs).complete).toBe(true);
    expect(r.inputs).toEqual(p);
    expect(JSON.stringify(r)).not.toContain("PRIVATE KEY");
  });
});

describe("drift", () => {
  test("a leaf file deleted: read says complete: false (props and inputs), diff wants an update, update re-issues only it", async () => {
    const p = props();
    const outs = await create(p);
    fs.rmSync(pkiPaths(p.dir).node("node-1").key);
    const before = snapshot(p.dir);
    const r = await read(outs);
    expect((r.props as ClusterPkiOutputs).complete).toBe(false);
    expect((r.inputs as ClusterPkiProps).complete).toBe(false);
    const d = await provider.diff!(p.dir, r.props as ClusterPkiOutputs, p);
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const fixed = await update(r.props as ClusterPkiOutputs, p);
    expect(fixed.complete).toBe(true);
    expect(fixed.caFingerprint).toBe(outs.caFingerprint);
    const after = snapshot(p.dir);
    const changed = Object.keys(after).filter((f) => after[f] !== before[f]);
    expect(changed.sort()).toEqual(["node-node-1.crt", "node-node-1.key"]);
    expect(verify(p.dir, pkiPaths(p.dir).node("node-1").cert).status).toBe(0);
    expect(((await read(fixed)).props as ClusterPkiOutputs).complete).toBe(true);
  });

  test("a leaf from another CA, a key that is not the certificate's, or a missing service-account key: complete: false", async () => {
    const p = props();
    const outs = await create(p);
    const paths = pkiPaths(p.dir);
    const other = await createCa("intruder");
    const foreign = await issueCert(other, { commonName: "system:kube-scheduler", usages: ["client"] });
    fs.writeFileSync(paths.scheduler.cert, foreign.certPem);
    fs.writeFileSync(paths.scheduler.key, foreign.keyPem);
    expect(((await read(outs)).props as ClusterPkiOutputs).complete).toBe(false);
    await update(outs, p);
    expect(((await read(outs)).props as ClusterPkiOutputs).complete).toBe(true);
    fs.copyFileSync(paths.admin.key, paths.kubeProxy.key);
    expect(((await read(outs)).props as ClusterPkiOutputs).complete).toBe(false);
    await update(outs, p);
    fs.rmSync(paths.serviceAccount.key);
    expect(((await read(outs)).props as ClusterPkiOutputs).complete).toBe(false);
    await update(outs, p);
    expect(((await read(outs)).props as ClusterPkiOutputs).complete).toBe(true);
  });

  test("a certificate that no longer says what is asked (a SAN edited behind our back) is drift", async () => {
    const p = props();
    const outs = await create(p);
    const ca = { certPem: fs.readFileSync(pkiPaths(p.dir).ca.cert, "utf8"), keyPem: fs.readFileSync(pkiPaths(p.dir).ca.key, "utf8") };
    const wrong = await issueCert(ca, { commonName: "etcd", ipSans: ["127.0.0.1"], usages: ["server", "client"] });
    fs.writeFileSync(pkiPaths(p.dir).etcdServer.cert, wrong.certPem);
    fs.writeFileSync(pkiPaths(p.dir).etcdServer.key, wrong.keyPem);
    expect(((await read(outs)).props as ClusterPkiOutputs).complete).toBe(false);
  });

  test("the CA's files gone: read is GONE, so up creates it all anew", async () => {
    const p = props();
    const outs = await create(p);
    fs.rmSync(pkiPaths(p.dir).ca.key);
    expect(await read(outs)).toEqual({ id: "", props: {} });
    fs.rmSync(p.dir, { recursive: true });
    expect(await read(outs)).toEqual({ id: "", props: {} });
  });

  test("update with the CA gone (no refresh first): everything issued anew under a new CA", async () => {
    const p = props();
    const outs = await create(p);
    fs.rmSync(pkiPaths(p.dir).ca.cert);
    const next = await update(outs, p);
    expect(next.caFingerprint).not.toBe(outs.caFingerprint);
    for (const spec of clusterCerts(p)) expect(verify(p.dir, path.join(p.dir, `${spec.name}.crt`)).status).toBe(0);
  });
});

describe("update", () => {
  test("a node added: its certificate from the same CA; the CA and every other file byte-identical", async () => {
    const p = props();
    const outs = await create(p);
    const before = snapshot(p.dir);
    const news = { ...p, nodes: [...p.nodes, NODE_3] };
    expect(await provider.diff!(p.dir, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const next = await update(outs, news);
    expect(next.caFingerprint).toBe(outs.caFingerprint);
    expect(next.nodes).toEqual(news.nodes);
    const after = snapshot(p.dir);
    for (const [f, bytes] of Object.entries(before)) expect([f, after[f] === bytes]).toEqual([f, true]);
    expect(Object.keys(after).filter((f) => !(f in before)).sort()).toEqual(["node-node-3.crt", "node-node-3.key"]);
    const node3 = pkiPaths(p.dir).node("node-3");
    expect(verify(p.dir, node3.cert).status).toBe(0);
    expect(mode(node3.key)).toBe(0o600);
    const c = new crypto.X509Certificate(fs.readFileSync(node3.cert));
    expect(c.subject).toBe("O=system:nodes\nCN=system:node:node-3");
    expect(c.checkIP("fd12:3456:789a::d")).toBeTruthy();
    expect(c.checkIP("10.77.0.13")).toBeTruthy();
    expect(((await read(next)).props as ClusterPkiOutputs).complete).toBe(true);
  });

  test("a node removed: its two files deleted, everything else byte-identical", async () => {
    const p = props();
    const outs = await create(p);
    const before = snapshot(p.dir);
    const next = await update(outs, { ...p, nodes: [p.nodes[1]] });
    const after = snapshot(p.dir);
    expect(Object.keys(before).filter((f) => !(f in after)).sort()).toEqual(["node-node-1.crt", "node-node-1.key"]);
    for (const [f, bytes] of Object.entries(after)) expect([f, bytes === before[f]]).toEqual([f, true]);
    expect(((await read(next)).props as ClusterPkiOutputs).complete).toBe(true);
  });

  test("changed SANs: only the certificates concerned are re-issued", async () => {
    const p = props();
    const outs = await create(p);
    const changedBy = async (from: ClusterPkiOutputs, news: ClusterPkiProps) => {
      const before = snapshot(p.dir);
      const next = await update(from, news);
      const after = snapshot(p.dir);
      expect(next.caFingerprint).toBe(outs.caFingerprint);
      return { next, changed: Object.keys(after).filter((f) => after[f] !== before[f]).sort() };
    };
    const a = await changedBy(outs, { ...p, apiserver: { ...p.apiserver, dns: [...p.apiserver.dns, "api.lab.example"] } });
    expect(a.changed).toEqual(["apiserver.crt", "apiserver.key"]);
    expect(new crypto.X509Certificate(fs.readFileSync(pkiPaths(p.dir).apiserver.cert)).checkHost("api.lab.example")).toBeTruthy();
    const e = await changedBy(a.next, { ...a.next, complete: true, etcd: { ips: ["10.77.0.11", "fd12:3456:789a::b", "fd12:3456:789a::c"] } });
    expect(e.changed).toEqual(["etcd-server.crt", "etcd-server.key"]);
    const moved = [{ ...REQUEST.nodes[0], ipv6: "fd12:3456:789a::e" }, REQUEST.nodes[1]];
    const nodeChange = await changedBy(e.next, { ...e.next, complete: true, nodes: moved });
    expect(nodeChange.changed).toEqual(["node-node-1.crt", "node-node-1.key"]);
    // The same SANs in another order or spelling change nothing.
    const same = await changedBy(nodeChange.next, { ...nodeChange.next, complete: true, apiserver: { ...nodeChange.next.apiserver, ips: [...nodeChange.next.apiserver.ips].reverse().map((ip) => (ip === "::1" ? "0::1" : ip)) } });
    expect(same.changed).toEqual([]);
  });

  test("diff: dir or clusterName replaces (old one deleted first); the request updates in place", async () => {
    const p = props();
    const outs = { ...p, caCertPem: "x", caFingerprint: "y" };
    expect(await provider.diff!(p.dir, outs, { ...p, dir: "/elsewhere" })).toEqual({ changes: true, replaces: ["dir"], deleteBeforeReplace: true });
    expect(await provider.diff!(p.dir, outs, { ...p, clusterName: "lab2" })).toEqual({ changes: true, replaces: ["clusterName"], deleteBeforeReplace: true });
    expect(await provider.diff!(p.dir, outs, { ...p, nodes: [] })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await provider.diff!(p.dir, outs, { ...p })).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  test("leaves no temporary files behind", async () => {
    const p = props();
    const outs = await create(p);
    fs.rmSync(pkiPaths(p.dir).admin.cert);
    await update(outs, { ...p, nodes: [...p.nodes, NODE_3] });
    expect(fs.readdirSync(p.dir).filter((f) => !/\.(crt|key|pub)$/.test(f))).toEqual([]);
  });
});

describe("delete", () => {
  test("removes the whole directory", async () => {
    const p = props();
    const outs = await create(p);
    await provider.delete!(p.dir, outs);
    expect(fs.existsSync(p.dir)).toBe(false);
    await provider.delete!(p.dir, outs); // already gone: fine
  });

  test("refuses a relative dir or /", async () => {
    const outs = { ...props(), caCertPem: "", caFingerprint: "" };
    await expect(provider.delete!("x", { ...outs, dir: "relative/pki" })).rejects.toThrow(/absolute path other than "\/"/);
    await expect(provider.delete!("x", { ...outs, dir: "/" })).rejects.toThrow(/absolute path other than "\/"/);
    await expect(provider.delete!("x", { ...outs, dir: "/run/.." })).rejects.toThrow(/absolute path other than "\/"/);
  });

  test("leaves a directory whose CA is another ClusterPki's (a newer one on the same dir)", async () => {
    const p = props();
    const old = await create(p);
    const newer = await create(p);
    expect(newer.caFingerprint).not.toBe(old.caFingerprint);
    await provider.delete!(p.dir, old);
    expect(fs.existsSync(pkiPaths(p.dir).ca.key)).toBe(true);
    await provider.delete!(p.dir, newer);
    expect(fs.existsSync(p.dir)).toBe(false);
  });
});

describe("check", () => {
  test("passes a good request; names a relative dir, a duplicate node and bad addresses", async () => {
    expect((await provider.check!({}, props())).failures).toEqual([]);
    const bad = await provider.check!({}, props({ dir: "pki", nodes: [REQUEST.nodes[0], REQUEST.nodes[0]], etcd: { ips: ["nope"] } }));
    expect(bad.failures!.map((f) => f.property)).toEqual(["dir", "etcd.ips[0]", "nodes[1].name"]);
    expect(bad.failures![0].reason).toMatch(/absolute path/);
  });

  test("does not judge values a preview does not know yet", async () => {
    const r = await provider.check!({}, props({ dir: UNKNOWN, etcd: { ips: [UNKNOWN] }, nodes: UNKNOWN as unknown as ClusterPkiProps["nodes"] }));
    expect(r.failures).toEqual([]);
  });
});

describe("the ClusterPki resource (mocks)", () => {
  test("registers pulumi-nodejs:dynamic/local:ClusterPki with complete: true and no key in its inputs", async () => {
    const seen: { type: string; inputs: Record<string, unknown> }[] = [];
    pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          seen.push({ type: a.type, inputs: a.inputs });
          return { id: a.name, state: { ...a.inputs, caCertPem: "-----BEGIN CERTIFICATE-----", caFingerprint: "AA" } };
        },
        call: (a) => a.inputs,
      },
      "dualstack",
      "pki",
    );
    const { ClusterPki } = await import("../../../components/lab/resources");
    const pki = new ClusterPki("lab-pki", { dir: "/run/dualstack/lab/pki", ...REQUEST });
    const fp = await new Promise((resolve) => pki.caFingerprint.apply(resolve));
    expect(fp).toBe("AA");
    expect(seen).toHaveLength(1);
    expect(seen[0].type).toBe("pulumi-nodejs:dynamic/local:ClusterPki");
    const { __provider, ...inputs } = seen[0].inputs;
    expect(typeof __provider).toBe("string");
    expect(inputs).toEqual({ dir: "/run/dualstack/lab/pki", ...REQUEST, complete: true });
  }, 60_000);
});
