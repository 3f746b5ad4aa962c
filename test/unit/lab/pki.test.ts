// The lab cluster's certificate functions, judged by oracles that share no
// code with them: `openssl verify` and `openssl x509 -ext`, Node's
// crypto.X509Certificate, Go's crypto/x509 and crypto/tls (what
// kube-apiserver, etcd and the kubelet use; test/unit/lab/go-x509), and a
// real mutual-TLS handshake over 127.0.0.1 and ::1.
import { execFileSync, spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import {
  CA_VALIDITY_DAYS,
  canonicalIp,
  createCa,
  createServiceAccountKey,
  describeCert,
  fingerprint,
  issueCert,
  keyPairMatches,
  LEAF_VALIDITY_DAYS,
  leafProblem,
  sameRequest,
  type CertRequest,
  type IssuedCert,
} from "../../../components/lab/kubernetes/pki";

const DAY_MS = 86_400_000;
const SERVER: CertRequest = {
  commonName: "kube-apiserver",
  ipSans: ["127.0.0.1", "::1", "fd00::10", "10.96.0.1", "fd00:96::1"],
  dnsSans: ["kubernetes", "kubernetes.default.svc.cluster.local", "localhost"],
  usages: ["server"],
};
const ADMIN: CertRequest = { commonName: "dualstack-admin", organizations: ["system:masters"], usages: ["client"] };
const BOTH: CertRequest = { commonName: "system:node:node-1", organizations: ["system:nodes"], ipSans: ["10.77.0.11", "fd12:3456:789a::b"], dnsSans: ["node-1"], usages: ["server", "client"] };

let dir: string;
let ca: IssuedCert;
let other: IssuedCert;
let server: IssuedCert;
let admin: IssuedCert;
let both: IssuedCert;
let foreign: IssuedCert;
const file = (name: string) => path.join(dir, name);

function write(name: string, cert: IssuedCert): void {
  fs.writeFileSync(file(`${name}.crt`), cert.certPem);
  fs.writeFileSync(file(`${name}.key`), cert.keyPem, { mode: 0o600 });
}

function openssl(...args: string[]): { ok: boolean; out: string } {
  const r = spawnSync("openssl", args, { encoding: "utf8" });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const ext = (name: string) => openssl("x509", "-in", file(`${name}.crt`), "-noout", "-ext", "subjectAltName,extendedKeyUsage,keyUsage,basicConstraints,subjectKeyIdentifier,authorityKeyIdentifier").out;
const x509 = (cert: IssuedCert) => new crypto.X509Certificate(cert.certPem);
const days = (c: crypto.X509Certificate) => (Date.parse(c.validTo) - Date.parse(c.validFrom)) / DAY_MS;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "dstest-pki-"));
  ca = await createCa("unit-lab-ca");
  other = await createCa("some-other-ca");
  [server, admin, both, foreign] = await Promise.all([issueCert(ca, SERVER), issueCert(ca, ADMIN), issueCert(ca, BOTH), issueCert(other, ADMIN)]);
  write("ca", ca);
  write("other", other);
  write("server", server);
  write("admin", admin);
  write("both", both);
  write("foreign", foreign);
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the CA", () => {
  test("is self-signed with CA:true (critical), keyCertSign, and subject = authority key id", () => {
    const c = x509(ca);
    expect(c.ca).toBe(true);
    expect(c.subject).toBe("CN=unit-lab-ca");
    expect(c.checkIssued(c)).toBe(true);
    expect(c.verify(c.publicKey)).toBe(true);
    const text = ext("ca");
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/Key Usage: critical\s+[^\n]*Certificate Sign/);
    const ski = text.match(/Subject Key Identifier:\s+([0-9A-F:]+)/)?.[1];
    expect(ski).toBeTruthy();
    expect(text).toMatch(new RegExp(`Authority Key Identifier:\\s+(keyid:)?${ski}`));
    expect(openssl("verify", "-CAfile", file("ca.crt"), file("ca.crt")).ok).toBe(true);
  });

  test("is valid 10 years, from a few minutes ago, with an ECDSA P-256 key in PKCS#8", () => {
    const c = x509(ca);
    expect(days(c)).toBe(CA_VALIDITY_DAYS);
    expect(Date.parse(c.validFrom)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(c.validFrom)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(ca.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const key = crypto.createPrivateKey(ca.keyPem);
    expect(key.asymmetricKeyType).toBe("ec");
    expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(c.checkPrivateKey(key)).toBe(true);
  });

  test("two CAs never share a key or a serial number", () => {
    expect(x509(ca).serialNumber).not.toBe(x509(other).serialNumber);
    expect(keyPairMatches(x509(ca).publicKey.export({ type: "spki", format: "pem" }).toString(), other.keyPem)).toBe(false);
  });
});

describe("a leaf certificate", () => {
  test.each([
    ["server", "sslserver", true],
    ["server", "sslclient", false],
    ["admin", "sslclient", true],
    ["admin", "sslserver", false],
    ["both", "sslserver", true],
    ["both", "sslclient", true],
  ])("openssl verify -CAfile ca.crt -purpose: %s for %s: %s", (name, purpose, ok) => {
    const r = openssl("verify", "-CAfile", file("ca.crt"), "-purpose", purpose, file(`${name}.crt`));
    expect(r.ok).toBe(ok);
    if (ok) expect(r.out).toContain(": OK");
  });

  test("openssl verify refuses a certificate from another CA", () => {
    expect(openssl("verify", "-CAfile", file("ca.crt"), file("foreign.crt")).ok).toBe(false);
    expect(openssl("verify", "-CAfile", file("other.crt"), file("foreign.crt")).ok).toBe(true);
  });

  test("the serving certificate: the asked SANs, IPv4 and IPv6, serverAuth only, CA:false, digitalSignature", () => {
    const text = ext("server");
    const san = text.match(/Subject Alternative Name:\s*\n\s*([^\n]+)/)?.[1] ?? "";
    const names = san.split(", ").sort();
    expect(names).toEqual(
      [
        "DNS:kubernetes",
        "DNS:kubernetes.default.svc.cluster.local",
        "DNS:localhost",
        "IP Address:127.0.0.1",
        "IP Address:10.96.0.1",
        "IP Address:0:0:0:0:0:0:0:1",
        "IP Address:FD00:0:0:0:0:0:0:10",
        "IP Address:FD00:96:0:0:0:0:0:1",
      ].sort(),
    );
    expect(text).toMatch(/Extended Key Usage:\s*\n\s*TLS Web Server Authentication\n/);
    expect(text).not.toContain("Client Authentication");
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    // Its authority key id is the CA's subject key id.
    const caSki = ext("ca").match(/Subject Key Identifier:\s+([0-9A-F:]+)/)?.[1];
    expect(text).toMatch(new RegExp(`Authority Key Identifier:\\s+(keyid:)?${caSki}`));
    expect(text.match(/Subject Key Identifier:\s+([0-9A-F:]+)/)?.[1]).not.toBe(caSki);
  });

  test("Node's X509Certificate: checkIP for the IPv4 and IPv6 SANs (any spelling), checkHost, checkIssued, verify", () => {
    const c = x509(server);
    for (const ip of ["127.0.0.1", "10.96.0.1", "::1", "fd00::10", "fd00:96::1"]) expect(c.checkIP(ip)).toBe(ip);
    expect(c.checkIP("fd00:0:0:0:0:0:0:10")).toBeTruthy();
    expect(c.checkIP("FD00::10")).toBeTruthy();
    expect(c.checkIP("fd00::11")).toBeUndefined();
    expect(c.checkIP("10.96.0.2")).toBeUndefined();
    expect(c.checkHost("kubernetes")).toBe("kubernetes");
    expect(c.checkHost("kubernetes.default.svc.cluster.local")).toBeTruthy();
    expect(c.checkHost("example.com")).toBeUndefined();
    expect(c.checkIssued(x509(ca))).toBe(true);
    expect(c.verify(x509(ca).publicKey)).toBe(true);
    expect(c.verify(x509(other).publicKey)).toBe(false);
    expect(x509(foreign).checkIssued(x509(ca))).toBe(false);
    expect(c.ca).toBe(false);
    expect(c.subject).toBe("CN=kube-apiserver");
  });

  test("a client certificate: O before CN, clientAuth only, no SANs", () => {
    expect(openssl("x509", "-in", file("admin.crt"), "-noout", "-subject", "-nameopt", "RFC2253").out.trim()).toBe("subject=CN=dualstack-admin,O=system:masters");
    const text = ext("admin");
    expect(text).not.toContain("Subject Alternative Name");
    expect(text).toMatch(/Extended Key Usage:\s*\n\s*TLS Web Client Authentication\n/);
    expect(x509(admin).subject).toBe("O=system:masters\nCN=dualstack-admin");
  });

  test("a kubelet's certificate: server and client, its node's IPv4, IPv6 and name", () => {
    const c = x509(both);
    expect(c.checkIP("10.77.0.11")).toBe("10.77.0.11");
    expect(c.checkIP("fd12:3456:789a::b")).toBe("fd12:3456:789a::b");
    expect(c.checkHost("node-1")).toBe("node-1");
    expect(ext("both")).toMatch(/Extended Key Usage:\s*\n\s*TLS Web Server Authentication, TLS Web Client Authentication\n/);
  });

  test("is valid 1 year, from a few minutes ago, with its own ECDSA P-256 key", () => {
    for (const leaf of [server, admin, both]) {
      const c = x509(leaf);
      expect(days(c)).toBe(LEAF_VALIDITY_DAYS);
      expect(Date.parse(c.validFrom)).toBeLessThanOrEqual(Date.now());
      const key = crypto.createPrivateKey(leaf.keyPem);
      expect(key.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
      expect(c.checkPrivateKey(key)).toBe(true);
      expect(c.checkPrivateKey(crypto.createPrivateKey(ca.keyPem))).toBe(false);
      expect(openssl("pkey", "-in", file("server.key"), "-noout").ok).toBe(true);
    }
  });

  test("IPv6 SANs in any spelling, IPv4-mapped included", async () => {
    const c = x509(await issueCert(ca, { commonName: "x", ipSans: ["FD00:0000:0:0::0010", "::ffff:10.1.2.3"], usages: ["server"] }));
    expect(c.checkIP("fd00::10")).toBeTruthy();
    expect(c.subjectAltName).toContain("IP Address:FD00:0:0:0:0:0:0:10");
    expect(c.subjectAltName).toContain("IP Address:0:0:0:0:0:FFFF:A01:203");
    expect(canonicalIp("FD00:0000:0:0::0010")).toBe("fd00::10");
    expect(canonicalIp("::ffff:10.1.2.3")).toBe("::ffff:a01:203");
  });
});

describe("Go's crypto/x509 and crypto/tls (what Kubernetes and etcd verify with)", () => {
  let oracle: string;
  beforeAll(() => {
    oracle = path.join(dir, "go-x509");
    execFileSync("go", ["build", "-o", oracle, path.join(__dirname, "go-x509", "main.go")], { env: { ...process.env, GOFLAGS: "" }, stdio: "pipe" });
  }, 300_000);

  const run = (checks: object[]): string[] =>
    execFileSync(oracle, { input: JSON.stringify(checks), cwd: dir, encoding: "utf8" })
      .trim()
      .split("\n");

  test("verifies every leaf for its usage, names and addresses, and loads every key pair", () => {
    const pair = (name: string) => ({ ca: "ca.crt", cert: `${name}.crt`, key: `${name}.key` });
    const results = run([
      { ...pair("server"), usage: "server", ip: "fd00::10" },
      { ...pair("server"), usage: "server", ip: "::1" },
      { ...pair("server"), usage: "server", ip: "127.0.0.1", dns: "kubernetes.default.svc.cluster.local" },
      { ...pair("admin"), usage: "client" },
      { ...pair("both"), usage: "server", ip: "fd12:3456:789a::b", dns: "node-1" },
      { ...pair("both"), usage: "client", ip: "10.77.0.11" },
    ]);
    expect(results).toEqual(Array(6).fill("ok"));
  });

  test("refuses the wrong usage, a missing address and another CA's certificate", () => {
    const [usage, address, ca2] = run([
      { ca: "ca.crt", cert: "server.crt", key: "server.key", usage: "client" },
      { ca: "ca.crt", cert: "server.crt", key: "server.key", usage: "server", ip: "fd00::11" },
      { ca: "ca.crt", cert: "foreign.crt", key: "foreign.key", usage: "client" },
    ]);
    expect(usage).toMatch(/incompatible key usage/);
    expect(address).toMatch(/not fd00::11/);
    expect(ca2).not.toBe("ok");
  });

  test("reads the service-account pair as kube-apiserver does (PKCS#8 private, PKIX public)", () => {
    const sa = createServiceAccountKey();
    fs.writeFileSync(file("sa.key"), sa.privatePem, { mode: 0o600 });
    fs.writeFileSync(file("sa.pub"), sa.publicPem);
    expect(run([{ saKey: "sa.key", saPub: "sa.pub" }])).toEqual(["ok"]);
  });
});

describe("mutual TLS on loopback", () => {
  interface Answer {
    status?: number;
    body?: string;
    error?: string;
  }

  function serve(host: string, cert: IssuedCert = server): Promise<https.Server> {
    const srv = https.createServer({ key: cert.keyPem, cert: cert.certPem, ca: ca.certPem, requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const peer = (req.socket as import("node:tls").TLSSocket).getPeerCertificate();
      res.end(JSON.stringify({ CN: peer.subject.CN, O: peer.subject.O }));
    });
    return new Promise((resolve, reject) => srv.once("error", reject).listen(0, host, () => resolve(srv)));
  }

  function ask(host: string, port: number, opts: https.RequestOptions): Promise<Answer> {
    return new Promise((resolve) => {
      const req = https.get({ host, port, path: "/", agent: false, timeout: 5_000, ...opts }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode, body }));
        res.on("error", (err) => resolve({ error: err.message }));
      });
      req.on("error", (err) => resolve({ error: `${(err as NodeJS.ErrnoException).code ?? ""} ${err.message}` }));
      req.on("timeout", () => req.destroy(new Error("timeout")));
    });
  }

  describe.each(["127.0.0.1", "::1"])("over %s", (host) => {
    let srv: https.Server;
    let port: number;
    beforeAll(async () => {
      srv = await serve(host);
      port = (srv.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => srv.close(() => resolve())));

    test("a client with the admin certificate gets in, and the server sees its CN and O", async () => {
      const r = await ask(host, port, { ca: ca.certPem, cert: admin.certPem, key: admin.keyPem });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body!)).toEqual({ CN: "dualstack-admin", O: "system:masters" });
    });

    test("a client with a certificate from another CA is refused", async () => {
      const r = await ask(host, port, { ca: ca.certPem, cert: foreign.certPem, key: foreign.keyPem });
      expect(r.status).toBeUndefined();
      expect(r.error).toBeTruthy();
    });

    test("a client with no certificate is refused", async () => {
      const r = await ask(host, port, { ca: ca.certPem });
      expect(r.status).toBeUndefined();
      expect(r.error).toBeTruthy();
    });

    test("a client that trusts another CA refuses the server", async () => {
      const r = await ask(host, port, { ca: other.certPem, cert: admin.certPem, key: admin.keyPem });
      expect(r.status).toBeUndefined();
      // The server sends its chain with the CA: an untrusted self-signed root.
      expect(r.error).toMatch(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN) /);
    });

    test("a server whose certificate lacks this address is refused by the client (the IP SAN is what is checked)", async () => {
      const wrong = await serve(host, both); // SANs 10.77.0.11, fd12:3456:789a::b, node-1
      try {
        const r = await ask(host, (wrong.address() as AddressInfo).port, { ca: ca.certPem, cert: admin.certPem, key: admin.keyPem });
        expect(r.status).toBeUndefined();
        expect(r.error).toMatch(/^ERR_TLS_CERT_ALTNAME_INVALID .*IP: .* is not in the cert's list/);
      } finally {
        await new Promise<void>((resolve) => wrong.close(() => resolve()));
      }
    });
  });
});

describe("createServiceAccountKey", () => {
  test("an RSA 2048 pair, PKCS#8 and SPKI PEM, that signs and verifies RS256; a new one each call", () => {
    const sa = createServiceAccountKey();
    expect(sa.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(sa.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const key = crypto.createPrivateKey(sa.privatePem);
    expect(key.asymmetricKeyType).toBe("rsa");
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const data = Buffer.from("header.payload");
    const sig = crypto.sign("sha256", data, key);
    expect(crypto.verify("sha256", data, sa.publicPem, sig)).toBe(true);
    expect(keyPairMatches(sa.publicPem, sa.privatePem)).toBe(true);
    expect(keyPairMatches(createServiceAccountKey().publicPem, sa.privatePem)).toBe(false);
    // openssl derives the same public key.
    const derived = execFileSync("openssl", ["pkey", "-pubout"], { input: sa.privatePem, encoding: "utf8" });
    expect(derived).toBe(sa.publicPem);
  });
});

describe("describeCert, sameRequest and leafProblem", () => {
  test("describeCert reads back what was asked", async () => {
    for (const [cert, req] of [
      [server, SERVER],
      [admin, ADMIN],
      [both, BOTH],
    ] as const) {
      const d = await describeCert(cert.certPem);
      expect(d.isCa).toBe(false);
      expect(sameRequest(d, req)).toBe(true);
      expect(d.commonName).toBe(req.commonName);
    }
    expect((await describeCert(ca.certPem)).isCa).toBe(true);
  });

  test("sameRequest ignores order and IPv6 spelling, not content", () => {
    expect(sameRequest(SERVER, { ...SERVER, ipSans: [...SERVER.ipSans!].reverse().map((ip) => (ip === "fd00::10" ? "FD00:0:0::10" : ip)) })).toBe(true);
    expect(sameRequest(SERVER, { ...SERVER, ipSans: [...SERVER.ipSans!, "fd00::11"] })).toBe(false);
    expect(sameRequest(BOTH, { ...BOTH, usages: ["server"] })).toBe(false);
    expect(sameRequest(ADMIN, { ...ADMIN, organizations: [] })).toBe(false);
  });

  test("leafProblem: none for a good pair; another CA's certificate, a swapped key or garbage each named", () => {
    expect(leafProblem(ca.certPem, server)).toBeUndefined();
    expect(leafProblem(ca.certPem, foreign)).toBe("not signed by the CA");
    expect(leafProblem(ca.certPem, { certPem: server.certPem, keyPem: admin.keyPem })).toBe("the key does not belong to the certificate");
    expect(leafProblem(ca.certPem, { certPem: "junk", keyPem: server.keyPem })).toBe("not a PEM certificate");
    expect(leafProblem(ca.certPem, { certPem: server.certPem, keyPem: "junk" })).toBe("the key file is not a PEM private key");
    // A 1-year certificate "expires within" 400 days.
    expect(leafProblem(ca.certPem, server, 400)).toBe("expires within 400 days");
    expect(fingerprint(ca.certPem)).toBe(x509(ca).fingerprint256);
  });
});

describe("bad input", () => {
  /** The error's message, checked to hold no key material of `keys`. */
  async function messageOf(p: Promise<unknown>, ...keys: string[]): Promise<string> {
    const err = await p.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const text = `${err!.message}\n${err!.stack}\n${JSON.stringify(err)}\n${String((err as Error & { cause?: unknown }).cause ?? "")}`;
    expect(text).not.toContain("PRIVATE KEY");
    for (const key of keys) {
      const body = key.split("\n").filter((l) => l && !l.startsWith("-----"));
      for (const line of body) expect(text).not.toContain(line.slice(0, 16));
    }
    return err!.message;
  }

  test("names the bad value, never a key", async () => {
    expect(await messageOf(issueCert(ca, { ...SERVER, ipSans: ["fd00::zz"] }), ca.keyPem)).toMatch(/"fd00::zz" \(ipSans of kube-apiserver\) is not an IP address/);
    expect(await messageOf(issueCert(ca, { ...SERVER, dnsSans: ["bad name"] }), ca.keyPem)).toMatch(/"bad name".*not a DNS name/);
    expect(await messageOf(issueCert(ca, { ...ADMIN, usages: [] }), ca.keyPem)).toMatch(/usages of dualstack-admin/);
    expect(await messageOf(createCa(""))).toMatch(/commonName/);
  });

  test("a broken or foreign CA key is refused without quoting it", async () => {
    const broken = ca.keyPem.replace(/\n(.{10})/, "\n!!!!!!!!!!");
    expect(await messageOf(issueCert({ certPem: ca.certPem, keyPem: broken }, ADMIN), ca.keyPem, broken)).toBe(
      "pki: the CA's private key is not a PEM private key of a supported type (EC P-256/P-384 or RSA)",
    );
    expect(await messageOf(issueCert({ certPem: ca.certPem, keyPem: other.keyPem }, ADMIN), ca.keyPem, other.keyPem)).toBe(
      "pki: the CA's private key does not belong to the CA certificate",
    );
    expect(await messageOf(issueCert({ certPem: "not a cert", keyPem: ca.keyPem }, ADMIN), ca.keyPem)).toBe("pki: the CA certificate is not a PEM certificate");
  });
});
