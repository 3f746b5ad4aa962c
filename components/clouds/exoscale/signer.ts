// Exoscale API v2 request signing (EXO2-HMAC-SHA256). The signed message is
// five lines joined by "\n":
//   1. "<METHOD> <path incl. /v2>"  (a ":" in the path stays literal)
//   2. the raw body, or ""
//   3. the values of the single-valued query parameters, names sorted,
//      concatenated without separator
//   4. "" (no headers are signed)
//   5. the expiry, UNIX seconds
// signature = base64(HMAC-SHA256(secret, message)); the header names the
// signed query args so the server can rebuild line 3.
import { createHmac } from "node:crypto";
import type { SignableRequest } from "../http";

export interface ExoscaleCredentials {
  key: string;
  secret: string;
}

/** How long a signature stays valid (the SDKs use 10 minutes). */
export const SIGNATURE_TTL_SECONDS = 600;

export const SIGNATURE_SCHEME = "EXO2-HMAC-SHA256";

/** Names of the query parameters that occur exactly once, sorted: the ones that are signed. */
export function signedQueryArgs(query: readonly [string, string][]): string[] {
  const counts = new Map<string, number>();
  for (const [name] of query) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].filter(([, n]) => n === 1).map(([name]) => name).sort();
}

/** The exact message that is signed. */
export function signatureMessage(
  req: Pick<SignableRequest, "method" | "path" | "query" | "body">,
  expires: number,
): string {
  const values = signedQueryArgs(req.query)
    .map((name) => req.query.find(([n]) => n === name)![1])
    .join("");
  return [`${req.method} ${req.path}`, req.body, values, "", String(expires)].join("\n");
}

export function hmacBase64(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message, "utf8").digest("base64");
}

/** The Authorization header value for one request. */
export function signRequest(
  req: Pick<SignableRequest, "method" | "path" | "query" | "body">,
  opts: ExoscaleCredentials & { expires?: number },
): string {
  const expires = opts.expires ?? Math.floor(Date.now() / 1000) + SIGNATURE_TTL_SECONDS;
  const args = signedQueryArgs(req.query);
  const signature = hmacBase64(opts.secret, signatureMessage(req, expires));
  return [
    `${SIGNATURE_SCHEME} credential=${opts.key}`,
    ...(args.length ? [`signed-query-args=${args.join(";")}`] : []),
    `expires=${expires}`,
    `signature=${signature}`,
  ].join(",");
}

export interface ParsedAuthorization {
  credential: string;
  signedQueryArgs: string[];
  expires: number;
  signature: string;
}

/** Parses the header (for the fake server); undefined when malformed. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  if (!header?.startsWith(`${SIGNATURE_SCHEME} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(SIGNATURE_SCHEME.length + 1).split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1));
  }
  const credential = fields.get("credential");
  const expires = Number(fields.get("expires"));
  const signature = fields.get("signature");
  if (!credential || !signature || !fields.has("expires") || !Number.isInteger(expires)) return undefined;
  const args = fields.get("signed-query-args");
  return { credential, signedQueryArgs: args ? args.split(";") : [], expires, signature };
}
