// dualstack:local:ClusterPki — the certificates of a lab Kubernetes cluster
// as files in one directory (pki-layout.ts says which and where): a CA, the
// leaf certificates of every component and node, and the service-account
// key pair. Private keys live only in those files (0600, directory 0700),
// never in inputs, outputs or errors: the state holds the CA certificate
// and its fingerprint, nothing secret.
//
// Drift: CA files gone (or not a matching pair) is GONE, so `up` creates it
// all anew; a leaf or the service-account pair missing, not signed by the CA
// on disk, near its end or no longer saying what the inputs ask is
// `complete: false` (inputs always say true), so the next `up` re-issues
// just those. An update keeps the CA and every certificate that still fits,
// so running components keep trusting each other.
import { X509Certificate } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { diffKeys, GONE, isUnknown, type Failure } from "../../dynamic";
import { caCommonName, certPaths, clusterCerts, pkiPaths, pkiRequestProblems, type CertSpec, type ClusterPkiRequest, type Pair } from "../kubernetes/pki-layout";
import { createCa, createServiceAccountKey, describeCert, fingerprint, issueCert, keyPairMatches, leafProblem, sameRequest, type IssuedCert } from "../kubernetes/pki";

export interface ClusterPkiProps extends ClusterPkiRequest {
  /** Absolute; created 0700, removed with the resource. */
  dir: string;
  /** Always true in inputs; read reports whether every file is there and fits. */
  complete: boolean;
}

export interface ClusterPkiOutputs extends ClusterPkiProps {
  /** The CA certificate (public): what clients outside the lab trust. */
  caCertPem: string;
  /** Its SHA-256 fingerprint, "AB:CD:...". */
  caFingerprint: string;
}

const REPLACE = ["dir", "clusterName"] as const;
const UPDATE = ["apiserver", "etcd", "nodes", "complete"] as const;
const KEY_MODE = 0o600;
const CERT_MODE = 0o644;
const DIR_MODE = 0o700;

/** The dir, refused unless absolute and not the root (delete removes it whole). */
function checkedDir(dir: unknown): string {
  if (typeof dir !== "string" || !path.isAbsolute(dir) || path.resolve(dir) === "/") {
    throw new Error(`ClusterPki: dir must be an absolute path other than "/", got ${JSON.stringify(dir)}`);
  }
  return path.resolve(dir);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** Write-then-rename, with the mode set on the new file whatever the umask or an older file had. */
async function writeFileAtomic(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fs.writeFile(tmp, content, { mode, flag: "wx" });
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

async function writePair(pair: Pair, issued: IssuedCert): Promise<void> {
  // Key first: a crash in between leaves a pair that does not match, which read reports.
  await writeFileAtomic(pair.key, issued.keyPem, KEY_MODE);
  await writeFileAtomic(pair.cert, issued.certPem, CERT_MODE);
}

async function readPair(pair: Pair): Promise<IssuedCert | undefined> {
  const [certPem, keyPem] = await Promise.all([readText(pair.cert), readText(pair.key)]);
  return certPem !== undefined && keyPem !== undefined ? { certPem, keyPem } : undefined;
}

async function ensureDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
  await fs.chmod(dir, DIR_MODE);
}

/** The CA on disk, if its certificate and key are there and belong together. */
async function readCa(dir: string): Promise<IssuedCert | undefined> {
  const ca = await readPair(pkiPaths(dir).ca);
  if (!ca) return undefined;
  try {
    const certKey = new X509Certificate(ca.certPem).publicKey.export({ type: "spki", format: "pem" }).toString();
    return keyPairMatches(certKey, ca.keyPem) ? ca : undefined;
  } catch {
    return undefined;
  }
}

/** True when the files of `spec` are there, from `ca`, not near their end, and say what `spec` asks. */
async function fits(dir: string, ca: IssuedCert, spec: CertSpec): Promise<boolean> {
  const leaf = await readPair(certPaths(dir, spec.name));
  if (!leaf || leafProblem(ca.certPem, leaf) !== undefined) return false;
  return sameRequest(await describeCert(leaf.certPem), spec.request);
}

async function serviceAccountFits(dir: string): Promise<boolean> {
  const sa = pkiPaths(dir).serviceAccount;
  const [pub, key] = await Promise.all([readText(sa.pub), readText(sa.key)]);
  return pub !== undefined && key !== undefined && keyPairMatches(pub, key);
}

async function writeServiceAccount(dir: string): Promise<void> {
  const sa = pkiPaths(dir).serviceAccount;
  const pair = createServiceAccountKey();
  await writeFileAtomic(sa.key, pair.privatePem, KEY_MODE);
  await writeFileAtomic(sa.pub, pair.publicPem, CERT_MODE);
}

/** Issues (and writes) each spec whose files do not fit; returns the names issued. */
async function issueMissing(dir: string, ca: IssuedCert, specs: CertSpec[]): Promise<string[]> {
  const issued: string[] = [];
  for (const spec of specs) {
    if (await fits(dir, ca, spec)) continue;
    await writePair(certPaths(dir, spec.name), await issueCert(ca, spec.request));
    issued.push(spec.name);
  }
  return issued;
}

function outputsOf(p: ClusterPkiProps, ca: IssuedCert, complete: boolean): ClusterPkiOutputs {
  return { ...inputsOf(p), complete, caCertPem: ca.certPem, caFingerprint: fingerprint(ca.certPem) };
}

/** The input part of a state: never anything but the request, the dir and `complete`. */
function inputsOf(p: ClusterPkiProps): ClusterPkiProps {
  return { dir: p.dir, clusterName: p.clusterName, apiserver: p.apiserver, etcd: p.etcd, nodes: p.nodes, complete: p.complete };
}

/** Everything anew: a fresh CA, the service-account pair, every leaf. */
async function createAll(p: ClusterPkiProps): Promise<ClusterPkiOutputs> {
  const dir = checkedDir(p.dir);
  await ensureDir(dir);
  const ca = await createCa(caCommonName(p.clusterName));
  await writePair(pkiPaths(dir).ca, ca);
  await writeServiceAccount(dir);
  await issueMissing(dir, ca, clusterCerts(p));
  return outputsOf(p, ca, true);
}

/** The value at "a.b[2].c" of `o`. */
function at(o: unknown, property: string): unknown {
  return property
    .split(/[.[\]]/)
    .filter(Boolean)
    .reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), o);
}

/** True when the value at `property`, or anything it sits in, is not known yet (a preview). */
function unknownAt(o: unknown, property: string): boolean {
  const parts = property.split(/[.[\]]/).filter(Boolean);
  return parts.some((_, i) => isUnknown(at(o, parts.slice(0, i + 1).join("."))));
}

export const provider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news: ClusterPkiProps) {
    const failures: Failure[] = [];
    if (!isUnknown(news.dir)) {
      try {
        checkedDir(news.dir);
      } catch (err) {
        failures.push({ property: "dir", reason: (err as Error).message });
      }
    }
    for (const [property, reason] of pkiRequestProblems(news)) {
      if (!unknownAt(news, property)) failures.push({ property, reason });
    }
    return { inputs: news, failures };
  },

  async diff(_id, olds: ClusterPkiOutputs, news: ClusterPkiProps) {
    return diffKeys({ ...olds }, { ...news }, { replace: REPLACE, update: UPDATE });
  },

  async create(inputs: ClusterPkiProps) {
    const outs = await createAll(inputs);
    return { id: outs.dir, outs };
  },

  async read(id, props: ClusterPkiOutputs) {
    const dir = checkedDir(props.dir);
    const ca = await readCa(dir);
    if (!ca) return GONE;
    let complete = await serviceAccountFits(dir);
    for (const spec of clusterCerts(props)) {
      if (!complete) break;
      complete = await fits(dir, ca, spec);
    }
    const current = outputsOf(props, ca, complete);
    // Inputs too, so a later preview shows the drift as `complete: false => true`.
    return { id, props: current, inputs: inputsOf(current) };
  },

  async update(_id, olds: ClusterPkiOutputs, news: ClusterPkiProps) {
    const dir = checkedDir(news.dir);
    const ca = await readCa(dir);
    // No CA to keep (removed behind our back without a refresh): everything anew.
    if (!ca) return { outs: await createAll(news) };
    await ensureDir(dir);
    if (!(await serviceAccountFits(dir))) await writeServiceAccount(dir);
    // The CA and every certificate that still fits stay as they are.
    await issueMissing(dir, ca, clusterCerts(news));
    const kept = new Set(news.nodes.map((n) => n.name));
    for (const gone of olds.nodes.filter((n) => !kept.has(n.name))) {
      const pair = pkiPaths(dir).node(gone.name);
      await Promise.all([fs.rm(pair.cert, { force: true }), fs.rm(pair.key, { force: true })]);
    }
    return { outs: outputsOf(news, ca, true) };
  },

  async delete(_id, props: ClusterPkiOutputs) {
    const dir = checkedDir(props.dir);
    // A CA there that is not ours belongs to a newer ClusterPki on the same
    // dir (created before this one is deleted): its files stay.
    const caPem = await readText(pkiPaths(dir).ca.cert);
    if (caPem !== undefined && props.caFingerprint) {
      let onDisk: string | undefined;
      try {
        onDisk = fingerprint(caPem);
      } catch {
        onDisk = undefined; // not a certificate: ours to remove
      }
      if (onDisk !== undefined && onDisk !== props.caFingerprint) return;
    }
    await fs.rm(dir, { recursive: true, force: true });
  },
};
