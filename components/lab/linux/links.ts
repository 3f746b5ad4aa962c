// Links: a bridge per "switch" namespace, and veth pairs that plug a host
// namespace into it. veths are created directly across namespaces, so
// nothing ever appears in the root namespace and two labs can coexist.
import { CommandError, ip, ipJson, isNotFound } from "./exec";
import { validateInterfaceName, validateNamespaceName } from "./names";
import { setSysctls } from "./sysctl";

/** The subset of `ip -j -d link show` the lab reads. */
export interface LinkInfo {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  operstate: string;
  master?: string;
  /** For a veth whose peer is in another namespace: the peer's ifindex there. */
  link_index?: number;
  /** Set when the peer is in another namespace (the id is relative to this one). */
  link_netnsid?: number;
  linkinfo?: { info_kind?: string; info_slave_kind?: string };
}

/** A name is taken by something the lab did not ask for; not fixed by retrying. */
export class LinkConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LinkConflictError";
  }
}

/** The link `ifname` in namespace `ns`, or undefined when there is none. */
export async function getLink(ns: string, ifname: string): Promise<LinkInfo | undefined> {
  validateNamespaceName(ns);
  validateInterfaceName(ifname);
  try {
    const [link] = await ipJson<LinkInfo>(ns, ["-d", "link", "show", "dev", ifname]);
    return link;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Deletes link `ifname` in `ns` (no-op when absent). Deleting one veth end deletes its peer too. */
export async function deleteLink(ns: string, ifname: string): Promise<void> {
  validateNamespaceName(ns);
  validateInterfaceName(ifname);
  try {
    await ip(ns, ["link", "del", "dev", ifname]);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * A Linux bridge `bridge` in namespace `ns`, up: an L2 switch for both
 * families. STP off and forward_delay 0 so ports forward at once; multicast
 * snooping off so IPv6 neighbour discovery is plainly flooded.
 */
export async function ensureBridge(ns: string, bridge: string): Promise<void> {
  validateNamespaceName(ns);
  validateInterfaceName(bridge);
  const existing = await getLink(ns, bridge);
  if (existing === undefined) {
    try {
      await ip(ns, ["link", "add", "name", bridge, "type", "bridge", "stp_state", "0", "forward_delay", "0", "mcast_snooping", "0"]);
    } catch (err) {
      if (!(err instanceof CommandError && /File exists/.test(err.stderr))) throw err;
    }
  } else if (existing.linkinfo?.info_kind !== "bridge") {
    throw new LinkConflictError(`${ns}/${bridge} exists but is a ${existing.linkinfo?.info_kind ?? "plain"} link, not a bridge`);
  } else {
    // STP off first: the kernel rejects forward_delay < 2 s while STP is on.
    await ip(ns, ["link", "set", "dev", bridge, "type", "bridge", "stp_state", "0"]);
    await ip(ns, ["link", "set", "dev", bridge, "type", "bridge", "forward_delay", "0", "mcast_snooping", "0"]);
  }
  await ip(ns, ["link", "set", "dev", bridge, "up"]);
  // br_netfilter (if loaded) would push bridged frames through this namespace's
  // iptables/conntrack; a switch should not filter. -e: absent on older kernels.
  await setSysctls(
    ns,
    {
      "net/bridge/bridge-nf-call-iptables": "0",
      "net/bridge/bridge-nf-call-ip6tables": "0",
      "net/bridge/bridge-nf-call-arptables": "0",
    },
    { ignoreMissing: true },
  );
}

export interface ConnectOptions {
  /** Namespace of the host end. */
  hostNs: string;
  /** Interface name of the host end, e.g. "eth0". */
  hostIf: string;
  /** Namespace holding the bridge. */
  switchNs: string;
  /** Bridge to plug the peer end into (see {@link ensureBridge}). */
  bridge: string;
  /** Interface name of the switch end, unique within `switchNs`, e.g. "p-web1". */
  peerIf: string;
  /** MTU of both ends (kernel default 1500 when unset). */
  mtu?: number;
}

/**
 * Plugs `hostNs` into `bridge` in `switchNs` with one veth pair, both ends up.
 * Idempotent: an existing, correctly paired veth is only (re)configured.
 */
export async function connectToBridge(opts: ConnectOptions): Promise<void> {
  const { hostNs, hostIf, switchNs, bridge, peerIf, mtu } = opts;
  for (const ns of [hostNs, switchNs]) validateNamespaceName(ns);
  for (const ifname of [hostIf, bridge, peerIf]) validateInterfaceName(ifname);
  if (hostNs === switchNs) {
    // Pairing is verified via cross-namespace peer ifindexes; a host is never its own switch.
    throw new LinkConflictError(`hostNs and switchNs are both ${JSON.stringify(hostNs)}; use separate namespaces`);
  }
  if (mtu !== undefined && (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535)) {
    throw new RangeError(`mtu ${mtu} is out of range; use an integer 68..65535`);
  }
  const br = await getLink(switchNs, bridge);
  if (br?.linkinfo?.info_kind !== "bridge") {
    throw new LinkConflictError(`bridge ${switchNs}/${bridge} does not exist; call ensureBridge first`);
  }

  let [host, peer] = await Promise.all([getLink(hostNs, hostIf), getLink(switchNs, peerIf)]);
  if (host === undefined && peer === undefined) {
    const mtuArgs = mtu === undefined ? [] : ["mtu", String(mtu)];
    try {
      await ip(undefined, [
        "link", "add", hostIf, ...mtuArgs, "netns", hostNs,
        "type", "veth", "peer", "name", peerIf, ...mtuArgs, "netns", switchNs,
      ]);
    } catch (err) {
      if (!(err instanceof CommandError && /File exists/.test(err.stderr))) throw err;
    }
    [host, peer] = await Promise.all([getLink(hostNs, hostIf), getLink(switchNs, peerIf)]);
  }
  assertPaired(opts, host, peer);

  const mtuArgs = mtu === undefined ? [] : ["mtu", String(mtu)];
  await ip(switchNs, ["link", "set", "dev", peerIf, "master", bridge, ...mtuArgs, "up"]);
  await ip(hostNs, ["link", "set", "dev", hostIf, ...mtuArgs, "up"]);
}

/** Unplugs a host: deletes its veth end (the switch end goes with it). No-op when absent. */
export async function disconnectFromBridge(hostNs: string, hostIf: string): Promise<void> {
  await deleteLink(hostNs, hostIf);
}

function assertPaired(opts: ConnectOptions, host: LinkInfo | undefined, peer: LinkInfo | undefined): void {
  const where = `${opts.hostNs}/${opts.hostIf} <-> ${opts.switchNs}/${opts.peerIf}`;
  if (host === undefined || peer === undefined) {
    const missing = host === undefined ? `${opts.hostNs}/${opts.hostIf}` : `${opts.switchNs}/${opts.peerIf}`;
    throw new LinkConflictError(`${where}: only one end exists (${missing} is missing); another link holds the other name`);
  }
  // Each veth end reports its peer's ifindex (in the peer's namespace).
  const paired =
    host.linkinfo?.info_kind === "veth" &&
    peer.linkinfo?.info_kind === "veth" &&
    host.link_index === peer.ifindex &&
    peer.link_index === host.ifindex;
  if (!paired) throw new LinkConflictError(`${where}: both names exist but are not one veth pair`);
}
