// exoscale:PrivateNetwork — an L2 network. Managed DHCP (netmask, start and
// end IP) is IPv4 only; IPv6 on it needs static addresses in the guest.
import { isIPv4 } from "node:net";
import type { ExoscaleClient } from "../client";
import { exoscaleProvider } from "../provider";
import { LABEL_ID } from "./instance";
import { checkName, checkZone, failure, Failure } from "../validate";

export interface PrivateNetworkInputs {
  zone: string;
  name: string;
  netmask?: string;
  startIp?: string;
  endIp?: string;
  labels?: Record<string, string>;
}

interface ApiPrivateNetwork {
  id: string;
  name: string;
  netmask?: string;
  "start-ip"?: string;
  "end-ip"?: string;
  labels?: Record<string, string>;
}

export function validatePrivateNetwork(n: PrivateNetworkInputs): Failure[] {
  const f = [...checkZone(n.zone), ...checkName("name", n.name)];
  for (const k of ["netmask", "startIp", "endIp"] as const) {
    if (n[k] !== undefined && !isIPv4(String(n[k]))) {
      f.push(failure(k, n[k], "managed DHCP on Exoscale private networks is IPv4 only; expected an IPv4 address"));
    }
  }
  const dhcp = [n.netmask, n.startIp, n.endIp].filter((x) => x !== undefined).length;
  if (dhcp !== 0 && dhcp !== 3) f.push(failure("netmask", n.netmask, "managed DHCP needs netmask, startIp and endIp together"));
  return f;
}

function toInputs(a: ApiPrivateNetwork, zone: string): PrivateNetworkInputs {
  const n: PrivateNetworkInputs = { zone, name: a.name };
  if (a.netmask) n.netmask = a.netmask;
  if (a["start-ip"]) n.startIp = a["start-ip"];
  if (a["end-ip"]) n.endIp = a["end-ip"];
  if (a.labels && Object.keys(a.labels).length) n.labels = a.labels;
  return n;
}

function body(n: PrivateNetworkInputs) {
  return {
    name: n.name,
    ...(n.netmask ? { netmask: n.netmask, "start-ip": n.startIp, "end-ip": n.endIp } : {}),
    ...(n.labels ? { labels: n.labels } : {}),
  };
}

async function findByLabel(c: ExoscaleClient, labels?: Record<string, string>): Promise<string | undefined> {
  const id = labels?.[LABEL_ID];
  if (!id) return undefined;
  return (await c.list<ApiPrivateNetwork>("/private-network", "private-networks")).find((n) => n.labels?.[LABEL_ID] === id)?.id;
}

export const provider = exoscaleProvider<PrivateNetworkInputs, PrivateNetworkInputs>({
  type: "PrivateNetwork",
  inputKeys: ["zone", "name", "netmask", "startIp", "endIp", "labels"],
  replaceKeys: ["zone"],
  validate: validatePrivateNetwork,
  zone: (n) => n.zone,

  async create(c, n) {
    const id = await c.create("/private-network", body(n), () => findByLabel(c, n.labels));
    return { id, outs: { ...n } };
  },

  async read(c, id, props) {
    const a = await c.find<ApiPrivateNetwork>(`/private-network/${id}`);
    return a && toInputs(a, props.zone);
  },

  async update(c, id, _olds, news) {
    await c.mutate("PUT", `/private-network/${id}`, body(news));
    return { ...news };
  },

  async delete(c, id) {
    await c.remove(`/private-network/${id}`);
  },
});
