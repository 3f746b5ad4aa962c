// Before a server goes (delete, or the delete of a delete-before-replace):
// every floating IP routed to it moves to a running peer first, the same
// PATCH keepalived's notify script makes, so the entry point stays on a
// server that exists while this one is away. Peers are the other servers of
// its server groups (an ingress host's anti-affinity group holds the other
// ingress hosts), found through the API: no input of existing servers
// changes. Without a running peer (a single host, or all of them going) the
// addresses go with the server, as before.
import { api, seg, type CloudscaleApi, type Stub } from "../client";
import { assignFloatingIp } from "./floating-ip-assignment";
import type { ApiServer } from "./server";

interface ApiFloatingIpTarget {
  network: string;
  server: Stub | null;
}
interface ApiServerGroup {
  uuid: string;
  servers: Stub[];
}

const serverPath = (uuid: string) => `/servers/${seg(uuid)}`;

/** Moves the floating IPs on `uuid` to a running peer; returns the peer's uuid, or undefined when nothing moved. */
export async function handOverFloatingIps(uuid: string): Promise<string | undefined> {
  const cs = api();
  const held = (await cs.get<ApiFloatingIpTarget[]>("/floating-ips")).filter((f) => f.server?.uuid === uuid);
  if (held.length === 0) return undefined;
  const self = await cs.find<ApiServer>(serverPath(uuid));
  const peer = self && (await runningPeer(cs, self));
  if (!peer) return undefined;
  for (const f of held) await assignFloatingIp(f.network.split("/")[0], peer);
  return peer;
}

/** A running server sharing a server group with `self` (a server being deleted shows "changing"). */
async function runningPeer(cs: CloudscaleApi, self: ApiServer): Promise<string | undefined> {
  for (const group of self.server_groups) {
    const g = await cs.find<ApiServerGroup>(`/server-groups/${seg(group.uuid)}`);
    for (const member of g?.servers ?? []) {
      if (member.uuid === self.uuid) continue;
      const s = await cs.find<ApiServer>(serverPath(member.uuid));
      if (s?.status === "running") return s.uuid;
    }
  }
  return undefined;
}
