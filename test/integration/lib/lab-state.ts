// What the real-lab suites (lab, lab-kubernetes) look at on the machine: who
// holds the VIPs, which of the lab's processes still run, and the machine's
// own netfilter rules (the lab's live in its namespaces only).
import * as fs from "node:fs";
import type { AddressPlan } from "../../../components/addressing";
import type { LabNames } from "../../../components/lab";
import { readAddresses, run } from "../../../components/lab/linux";

/** Which ingress hosts hold each VIP right now. */
export async function vipHolders(names: LabNames, plan: AddressPlan): Promise<{ ipv4: string[]; ipv6: string[] }> {
  const holders = { ipv4: [] as string[], ipv6: [] as string[] };
  for (const host of plan.ingress.hosts) {
    const addrs = await readAddresses(names.hostNamespace(host.name), "eth0");
    if (addrs.ipv4.some((a) => a.startsWith(`${plan.ingress.vips.ipv4}/`))) holders.ipv4.push(host.name);
    if (addrs.ipv6.some((a) => a.startsWith(`${plan.ingress.vips.ipv6}/`))) holders.ipv6.push(host.name);
  }
  return holders;
}

/** Processes still running (not zombies) whose command line mentions the lab's state root. */
export function livingLabProcesses(names: LabNames): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue;
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(names.stateRoot)) found.push(`${pid} ${cmdline}`);
    } catch {
      // process exited while we looked
    }
  }
  return found;
}

/** The root namespace's netfilter rules (both families). */
export async function rootRules(): Promise<string> {
  const dump = async (tool: string) => (await run(tool, [])).stdout.split("\n").filter((l) => !l.startsWith("#")).join("\n");
  return `${await dump("iptables-save")}\n${await dump("ip6tables-save")}`;
}
