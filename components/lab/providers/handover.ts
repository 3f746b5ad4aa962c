// Handing the VIPs to a peer before a daemon of an ingress host must restart
// (a new binary or command line: no reload can apply it). The host writes 1
// into keepalived's handover file, so its priority drops to 1 and the next
// peer takes both VIPs over (preemption: the VIPs are never on no host);
// then the daemon restarts, the file goes back to 0 and, if this host held
// the VIPs, it waits until it holds them again, so the next host in the
// chain changes only once this one serves again.
import * as fs from "node:fs/promises";
import { readAddresses, waitFor } from "../linux";

export interface ProcessHandover {
  /** keepalived's track file (KeepalivedConfigArgs.handoverFile). */
  file: string;
  /** The VIPs, bare addresses. */
  vips: string[];
  /** The interface keepalived puts them on. */
  interface: string;
}

/** How long a peer may take to take the VIPs over, and this host to take them back. */
const HANDOVER_TIMEOUT_MS = 15_000;

async function setHandover(file: string, value: 0 | 1): Promise<void> {
  // Write-then-rename: keepalived (inotify) never reads half a number.
  await fs.writeFile(`${file}.new`, `${value}\n`);
  await fs.rename(`${file}.new`, file);
}

/** Which of the VIPs `namespace` holds now. */
async function heldVips(namespace: string, h: ProcessHandover): Promise<string[]> {
  const a = await readAddresses(namespace, h.interface);
  const held = new Set([...a.ipv4, ...a.ipv6].map((cidr) => cidr.split("/")[0]));
  return h.vips.filter((v) => held.has(v));
}

/**
 * Runs `restart` with the VIPs handed to a peer. Without a peer that takes
 * them (none runs) the restart still happens: waiting longer would not help.
 */
export async function withVipsHandedOver<T>(namespace: string, h: ProcessHandover, restart: () => Promise<T>): Promise<T> {
  const held = (await heldVips(namespace, h)).length > 0;
  await setHandover(h.file, 1);
  let result: T;
  try {
    if (held) {
      await waitFor(async () => (await heldVips(namespace, h)).length === 0, {
        timeoutMs: HANDOVER_TIMEOUT_MS,
        intervalMs: 20,
        description: `a peer of ${namespace} to take over ${h.vips.join(", ")}`,
      }).catch(() => undefined);
    }
    result = await restart();
  } finally {
    await setHandover(h.file, 0);
  }
  if (held) {
    await waitFor(async () => (await heldVips(namespace, h)).length === h.vips.length, {
      timeoutMs: HANDOVER_TIMEOUT_MS,
      intervalMs: 50,
      description: `${namespace} to take ${h.vips.join(", ")} back after its restart`,
    });
  }
  return result;
}
