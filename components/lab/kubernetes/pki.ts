// Certificates for the lab's Kubernetes cluster: a CA, leaf certificates
// signed by it, and the service-account signing key. Pure functions on PEM
// text (no files): ECDSA P-256 keys on Node's WebCrypto, certificates built
// by @peculiar/x509, which is loaded on first use (with the Reflect polyfill
// it needs) so programs that never issue a certificate do not load it.
//
// No error message this module throws contains key material: anything that
// fails on a key is rethrown with a fixed message and without its cause.
import * as crypto from "node:crypto";
import * as net from "node:net";
import type * as X509 from "@peculiar/x509";

type CryptoKey = crypto.webcrypto.CryptoKey;
type CryptoKeyPair = crypto.webcrypto.CryptoKeyPair;
type EcdsaParams = crypto.webcrypto.EcdsaParams;
type Algorithm = crypto.webcrypto.Algorithm;

export type Usage = "server" | "client";

export interface CertRequest {
  commonName: string;
  organizations?: string[];
  ipSans?: string[];
  dnsSans?: string[];
  usages: Usage[];
}

/** A certificate and its private key, both PEM (key: PKCS#8 "PRIVATE KEY"). */
export interface IssuedCert {
  certPem: string;
  keyPem: string;
}

export const CA_VALIDITY_DAYS = 3650;
export const LEAF_VALIDITY_DAYS = 365;
/** notBefore is set this far back, so a clock a little behind still accepts a new certificate. */
const BACKDATE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

const EC_KEY: crypto.webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const EC_SIGN: EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const OID_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const OID_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
const EKU: Record<Usage, string> = { server: OID_SERVER_AUTH, client: OID_CLIENT_AUTH };

let loaded: Promise<typeof X509> | undefined;

/** @peculiar/x509 on Node's WebCrypto, loaded once and on first use. */
function x509(): Promise<typeof X509> {
  loaded ??= (async () => {
    await import("reflect-metadata"); // tsyringe (inside @peculiar/x509) needs it first
    const lib = await import("@peculiar/x509");
    lib.cryptoProvider.set(crypto.webcrypto as unknown as Parameters<typeof lib.cryptoProvider.set>[0]);
    return lib;
  })();
  return loaded;
}

const subtle = () => crypto.webcrypto.subtle;

/** A new CA: self-signed, CA:true, keyCertSign + cRLSign, valid 10 years. */
export async function createCa(commonName: string): Promise<IssuedCert> {
  checkName("commonName", commonName);
  const lib = await x509();
  const keys = (await subtle().generateKey(EC_KEY, true, ["sign", "verify"])) as CryptoKeyPair;
  const { notBefore, notAfter } = validity(CA_VALIDITY_DAYS);
  const ski = await lib.SubjectKeyIdentifierExtension.create(keys.publicKey);
  const cert = await lib.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [commonName] }],
    issuer: [{ CN: [commonName] }],
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: EC_SIGN,
    extensions: [
      new lib.BasicConstraintsExtension(true, undefined, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.keyCertSign | lib.KeyUsageFlags.cRLSign | lib.KeyUsageFlags.digitalSignature, true),
      ski,
      new lib.AuthorityKeyIdentifierExtension(ski.keyId),
    ],
  });
  return { certPem: cert.toString("pem") + "\n", keyPem: await privatePem(keys.privateKey) };
}

/** A leaf certificate signed by `ca`: CA:false, digitalSignature, the EKUs of `req.usages`, valid 1 year. */
export async function issueCert(ca: IssuedCert, req: CertRequest): Promise<IssuedCert> {
  checkRequest(req);
  const lib = await x509();
  const caCert = parseCert(lib, ca.certPem, "the CA certificate");
  const caKey = await importSigningKey(ca.keyPem, "the CA's private key");
  if (!keyPairMatches(new crypto.X509Certificate(ca.certPem).publicKey.export({ type: "spki", format: "pem" }).toString(), ca.keyPem)) {
    throw new Error("pki: the CA's private key does not belong to the CA certificate");
  }
  const caSki = caCert.getExtension(lib.SubjectKeyIdentifierExtension);
  if (!caSki) throw new Error("pki: the CA certificate has no subjectKeyIdentifier");
  const keys = (await subtle().generateKey(EC_KEY, true, ["sign", "verify"])) as CryptoKeyPair;
  const { notBefore } = validity(LEAF_VALIDITY_DAYS);
  // Never past the CA's own end.
  const notAfter = new Date(Math.min(notBefore.getTime() + LEAF_VALIDITY_DAYS * DAY_MS, caCert.notAfter.getTime()));
  const sans: X509.JsonGeneralName[] = [
    ...(req.dnsSans ?? []).map((value) => ({ type: "dns" as const, value })),
    ...(req.ipSans ?? []).map((value) => ({ type: "ip" as const, value: canonicalIp(value) })),
  ];
  const cert = await lib.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: subjectOf(req),
    issuer: caCert.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: caKey.key,
    signingAlgorithm: caKey.algorithm,
    extensions: [
      new lib.BasicConstraintsExtension(false, undefined, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.digitalSignature, true),
      new lib.ExtendedKeyUsageExtension(
        [...new Set(req.usages)].map((u) => EKU[u]),
        false,
      ),
      await lib.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new lib.AuthorityKeyIdentifierExtension(caSki.keyId),
      ...(sans.length > 0 ? [new lib.SubjectAlternativeNameExtension(sans, false)] : []),
    ],
  });
  return { certPem: cert.toString("pem") + "\n", keyPem: await privatePem(keys.privateKey) };
}

/**
 * The service-account key pair (kube-apiserver's --service-account-signing-key-file
 * and --service-account-key-file, the controller-manager's
 * --service-account-private-key-file): RSA 2048, which every token verifier
 * takes (RS256). PKCS#8 and SPKI PEM.
 */
export function createServiceAccountKey(): { publicPem: string; privatePem: string } {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { publicPem: publicKey, privatePem: privateKey };
}

/** What a certificate says about itself, in CertRequest terms (IPs in Node's canonical text). */
export async function describeCert(certPem: string): Promise<CertRequest & { isCa: boolean; notBefore: Date; notAfter: Date }> {
  const lib = await x509();
  const cert = parseCert(lib, certPem, "the certificate");
  const attrs = cert.subjectName.toJSON();
  const values = (type: string) => attrs.flatMap((a) => a[type] ?? []);
  const san = cert.getExtension(lib.SubjectAlternativeNameExtension);
  const names = san?.names.toJSON() ?? [];
  const eku = cert.getExtension(lib.ExtendedKeyUsageExtension)?.usages.map(String) ?? [];
  const usages = (Object.keys(EKU) as Usage[]).filter((u) => eku.includes(EKU[u]));
  return {
    commonName: values("CN")[0] ?? "",
    organizations: values("O"),
    ipSans: names.filter((n) => n.type === "ip").map((n) => canonicalIp(n.value)),
    dnsSans: names.filter((n) => n.type === "dns").map((n) => n.value),
    usages,
    isCa: cert.getExtension(lib.BasicConstraintsExtension)?.ca ?? false,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/** True when both ask for the same certificate (order of names and SANs ignored, IPs compared as addresses). */
export function sameRequest(a: CertRequest, b: CertRequest): boolean {
  const norm = (r: CertRequest) =>
    JSON.stringify([
      r.commonName,
      [...new Set(r.organizations ?? [])].sort(),
      [...new Set((r.ipSans ?? []).map(canonicalIp))].sort(),
      [...new Set((r.dnsSans ?? []).map((d) => d.toLowerCase()))].sort(),
      [...new Set(r.usages)].sort(),
    ]);
  return norm(a) === norm(b);
}

/**
 * Why `leaf` is not a usable certificate from `caCertPem` (undefined: it is):
 * not issued and signed by that CA, not valid for at least `minDaysLeft`
 * more days, or its key is not the certificate's. The reason names no key material.
 */
export function leafProblem(caCertPem: string, leaf: IssuedCert, minDaysLeft = 30): string | undefined {
  let ca: crypto.X509Certificate;
  let cert: crypto.X509Certificate;
  try {
    ca = new crypto.X509Certificate(caCertPem);
    cert = new crypto.X509Certificate(leaf.certPem);
  } catch {
    return "not a PEM certificate";
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return "not signed by the CA";
  const now = Date.now();
  if (new Date(cert.validFrom).getTime() > now + BACKDATE_MS) return "not valid yet";
  if (new Date(cert.validTo).getTime() < now + minDaysLeft * DAY_MS) return `expires within ${minDaysLeft} days`;
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey(leaf.keyPem);
  } catch {
    return "the key file is not a PEM private key";
  }
  if (!cert.checkPrivateKey(key)) return "the key does not belong to the certificate";
  return undefined;
}

/** True when `pub` (SPKI PEM) is the public half of `privatePem`. */
export function keyPairMatches(publicPem: string, privatePem: string): boolean {
  try {
    const fromPrivate = crypto.createPublicKey(crypto.createPrivateKey(privatePem)).export({ type: "spki", format: "der" });
    const given = crypto.createPublicKey(publicPem).export({ type: "spki", format: "der" });
    return fromPrivate.equals(given);
  } catch {
    return false;
  }
}

/** SHA-256 fingerprint of a PEM certificate, "AB:CD:..." (what `openssl x509 -fingerprint -sha256` prints). */
export function fingerprint(certPem: string): string {
  return new crypto.X509Certificate(certPem).fingerprint256;
}

/**
 * An IP address in canonical text, throwing on anything else: IPv6 as the
 * WHATWG URL parser writes it (RFC 5952, an embedded dotted quad as two hex
 * groups, which is all the library's own IPv6 parser reads).
 */
export function canonicalIp(ip: string): string {
  const family = net.isIP(ip);
  if (family === 4) return ip;
  if (family === 6) return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  throw new Error(`pki: ${JSON.stringify(ip)} is not an IP address`);
}

// --- internals ---

function validity(days: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(Math.floor((Date.now() - BACKDATE_MS) / 1000) * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * DAY_MS) };
}

/** 16 random bytes, positive and of full length (high bit clear, second-highest set). */
function serialNumber(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes.toString("hex");
}

function subjectOf(req: CertRequest): X509.JsonName {
  return [...(req.organizations ?? []).map((o) => ({ O: [o] })), { CN: [req.commonName] }];
}

function checkName(property: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") throw new Error(`pki: ${property} must be a non-empty string, got ${JSON.stringify(value)}`);
}

function checkRequest(req: CertRequest): void {
  checkName("commonName", req.commonName);
  for (const o of req.organizations ?? []) checkName("organizations[]", o);
  for (const d of req.dnsSans ?? []) {
    if (!/^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(d)) {
      throw new Error(`pki: ${JSON.stringify(d)} (dnsSans of ${req.commonName}) is not a DNS name`);
    }
  }
  for (const ip of req.ipSans ?? []) {
    if (net.isIP(ip) === 0) throw new Error(`pki: ${JSON.stringify(ip)} (ipSans of ${req.commonName}) is not an IP address`);
  }
  if (!Array.isArray(req.usages) || req.usages.length === 0 || req.usages.some((u) => !(u in EKU))) {
    throw new Error(`pki: usages of ${req.commonName} must be a non-empty list of "server" and "client", got ${JSON.stringify(req.usages)}`);
  }
}

function parseCert(lib: typeof X509, pem: string, what: string): X509.X509Certificate {
  try {
    return new lib.X509Certificate(pem);
  } catch {
    throw new Error(`pki: ${what} is not a PEM certificate`);
  }
}

/** A PKCS#8 PEM key as a WebCrypto signing key, with the signature algorithm its type calls for. */
async function importSigningKey(pem: string, what: string): Promise<{ key: CryptoKey; algorithm: EcdsaParams | Algorithm }> {
  // Errors from here on could quote their input: none is passed on.
  try {
    const parsed = crypto.createPrivateKey(pem);
    const der = parsed.export({ type: "pkcs8", format: "der" });
    if (parsed.asymmetricKeyType === "ec") {
      const curve = { prime256v1: "P-256", secp384r1: "P-384" }[parsed.asymmetricKeyDetails?.namedCurve ?? ""];
      if (!curve) throw new Error("curve");
      const hash = curve === "P-384" ? "SHA-384" : "SHA-256";
      const key = await subtle().importKey("pkcs8", der, { name: "ECDSA", namedCurve: curve }, false, ["sign"]);
      return { key, algorithm: { name: "ECDSA", hash } };
    }
    if (parsed.asymmetricKeyType === "rsa") {
      const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
      const key = await subtle().importKey("pkcs8", der, algorithm, false, ["sign"]);
      return { key, algorithm };
    }
    throw new Error("type");
  } catch {
    throw new Error(`pki: ${what} is not a PEM private key of a supported type (EC P-256/P-384 or RSA)`);
  }
}

async function privatePem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await subtle().exportKey("pkcs8", key));
  const body = der.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}
