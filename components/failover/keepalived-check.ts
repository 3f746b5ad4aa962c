// Checks the renderer's args and splits them into one instance per family.
// Every failure is an InputError naming the key.
import {
  InputError,
  isIpv6LinkLocal,
  requireAbsolutePath,
  requireInt,
  requireIpv4,
  requireIpv6,
  requireMatch,
  requireUnique,
} from "../ingress/validate";
import { FAMILIES, type Family } from "../addressing";
import type { KeepalivedConfigArgs, KeepalivedNotify, KeepalivedTrackScript, KeepalivedUnicast } from "./keepalived-args";
import { checkAdvert, checkPriority } from "./keepalived-timing";

/** One family's share of the args. */
export interface FamilyInstance {
  family: Family;
  vrid: number;
  vip: string;
  prefixLength: number;
  unicast?: { source: string; peers: string[] };
}

/** The args, checked, with defaults applied. */
export interface Checked {
  name: string;
  routerId: string;
  interface: string;
  vipInterface: string;
  priority: number;
  advert: number;
  instances: FamilyInstance[];
  trackScript?: KeepalivedTrackScript;
  notify: KeepalivedNotify;
  preempt: boolean;
  scriptUser: string;
  handoverFile?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const NAME_RULE = "use letters, digits, '_', '.' and '-', starting with a letter or digit";
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const USER = /^[a-z_][a-z0-9_-]*$/;
// Keepalived splits the command itself; a '"' would end the quoted string early.
const COMMAND = /^\/[^\s"]*( [^"\r\n]*)?$/;
const FILE = /^\/[^\s"]+$/;

const IFNAME_RULE = "use a Linux interface name (1..15 of letters, digits, '_', '.', '-')";

export function check(a: KeepalivedConfigArgs): Checked {
  const name = requireMatch("name", a.name, NAME, NAME_RULE);
  const iface = requireMatch("interface", a.interface, IFNAME, IFNAME_RULE);
  const vipInterface = a.vipInterface === undefined ? iface : requireMatch("vipInterface", a.vipInterface, IFNAME, IFNAME_RULE);
  const vips = {
    ipv4: requireIpv4("vips.ipv4", a.vips?.ipv4),
    ipv6: requireIpv6("vips.ipv6", a.vips?.ipv6),
  };
  const prefix = {
    ipv4: requireInt("vips.ipv4PrefixLength", a.vips?.ipv4PrefixLength, 1, 32),
    ipv6: requireInt("vips.ipv6PrefixLength", a.vips?.ipv6PrefixLength, 1, 128),
  };
  const unicast = a.unicast === undefined ? undefined : checkUnicast(a.unicast, vips);
  return {
    name,
    routerId: requireMatch("routerId", a.routerId, NAME, NAME_RULE),
    interface: iface,
    vipInterface,
    priority: checkPriority("priority", a.priority),
    advert: checkAdvert("advertIntervalSeconds", a.advertIntervalSeconds),
    instances: FAMILIES.map((family) => ({
      family,
      vrid: requireInt(`virtualRouterIds.${family}`, a.virtualRouterIds?.[family], 1, 255),
      vip: vips[family],
      prefixLength: prefix[family],
      unicast: unicast?.[family],
    })),
    trackScript: a.trackScript === undefined ? undefined : checkTrackScript(a.trackScript),
    notify: checkNotify(a.notify ?? {}),
    preempt: a.preempt ?? true,
    scriptUser: requireMatch("scriptUser", a.scriptUser ?? "root", USER, "use a system user name such as \"root\""),
    handoverFile: a.handoverFile === undefined ? undefined : requireMatch("handoverFile", a.handoverFile, FILE, "use an absolute path without spaces or '\"'"),
  };
}

type UnicastFamily = { source: string; peers: string[] };

function checkUnicast(u: KeepalivedUnicast, vips: Record<Family, string>): Record<Family, UnicastFamily> {
  return {
    ipv4: checkUnicastFamily("ipv4", "Ipv4", u.sourceIpv4, u.peersIpv4, vips.ipv4),
    ipv6: checkUnicastFamily("ipv6", "Ipv6", u.sourceIpv6, u.peersIpv6, vips.ipv6),
  };
}

function checkUnicastFamily(family: Family, suffix: string, rawSource: unknown, rawPeers: unknown, vip: string): UnicastFamily {
  const parse = family === "ipv4" ? requireIpv4 : requireIpv6;
  const sourceKey = `unicast.source${suffix}`;
  const peersKey = `unicast.peers${suffix}`;
  const source = parse(sourceKey, rawSource);
  if (!Array.isArray(rawPeers) || rawPeers.length === 0) {
    throw new InputError(peersKey, rawPeers, "is empty", "list the other hosts' addresses of this family");
  }
  const peers = rawPeers.map((p: unknown, i) => parse(`${peersKey}[${i}]`, p));
  const keyed: [string, string][] = [[sourceKey, source], ...peers.map((p, i): [string, string] => [`${peersKey}[${i}]`, p])];
  for (const [key, address] of keyed) {
    // Link-local addresses need a scope and change with the MAC: VRRP peers use global/ULA.
    if (family === "ipv6" && isIpv6LinkLocal(address)) {
      throw new InputError(key, address, "is link-local (fe80::/10)", "use the host's global or ULA address");
    }
    if (address === vip) {
      throw new InputError(key, address, `equals vips.${family}`, "use the host's own address, not the floating one");
    }
  }
  const self = peers.indexOf(source);
  if (self >= 0) throw new InputError(`${peersKey}[${self}]`, peers[self], `equals ${sourceKey}`, "list only the OTHER hosts");
  requireUnique(peers, (i) => `${peersKey}[${i}]`, "peer");
  return { source, peers };
}

function checkTrackScript(t: KeepalivedTrackScript): KeepalivedTrackScript {
  const seconds = (key: string, value: unknown) => requireInt(key, value, 1, 3600);
  return {
    name: requireMatch("trackScript.name", t.name, NAME, NAME_RULE),
    command: requireMatch(
      "trackScript.command",
      t.command,
      COMMAND,
      "start with an absolute executable path; no '\"' or newlines (group words with single quotes)",
    ),
    intervalSeconds: seconds("trackScript.intervalSeconds", t.intervalSeconds),
    fall: requireInt("trackScript.fall", t.fall, 1, 255),
    rise: requireInt("trackScript.rise", t.rise, 1, 255),
    timeoutSeconds: t.timeoutSeconds === undefined ? undefined : seconds("trackScript.timeoutSeconds", t.timeoutSeconds),
  };
}

function checkNotify(n: KeepalivedNotify): KeepalivedNotify {
  const path = (key: keyof KeepalivedNotify) => (n[key] === undefined ? undefined : requireAbsolutePath(`notify.${key}`, n[key]));
  return { master: path("master"), backup: path("backup"), fault: path("fault") };
}
