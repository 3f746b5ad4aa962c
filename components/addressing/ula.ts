// Unique Local Addresses (RFC 4193) for environments without an assigned IPv6 prefix.
import { createHash } from "node:crypto";
import { Cidr } from "./cidr";

/** fc00::/7, all ULA space (RFC 4193 §3.1); fd00::/8 is its locally assigned half. */
const ULA_SPACE = Cidr.of(6, 0xfcn << 120n, 7);
const LOCALLY_ASSIGNED = 0xfdn;

/**
 * The ULA /48 of an environment: fd00::/8 followed by a 40-bit Global ID.
 *
 * RFC 4193 §3.2.2 derives the Global ID from SHA-1 of a timestamp and an
 * EUI-64 and keeps the least significant 40 bits of the digest. We hash the
 * environment name instead, so the same stack always gets the same prefix
 * (no state to store, reproducible plans), and keep the same 40 bits.
 * Trade-off: equal names (two organisations' "prod") get equal prefixes,
 * which only matters if those networks are ever interconnected.
 */
export function ulaPrefixFor(name: string): Cidr {
  const digest = createHash("sha1").update(name, "utf8").digest();
  const globalId = BigInt(`0x${digest.subarray(digest.length - 5).toString("hex")}`);
  return Cidr.of(6, ((LOCALLY_ASSIGNED << 40n) | globalId) << 80n, 48);
}

/** Whether a range is ULA, i.e. not globally routable, so pods need IPv6 masquerading. */
export function isUla(range: Cidr): boolean {
  return ULA_SPACE.contains(range);
}
