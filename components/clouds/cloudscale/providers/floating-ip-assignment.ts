// cloudscale:FloatingIpAssignment — where a floating IP points when the stack
// is built: one PATCH /v1/floating-ips/<address> {"server": uuid}, the same
// call keepalived's notify script makes on failover.
//
// Why a resource of its own instead of FloatingIp's `server` input: the
// ingress hosts' user data holds the floating IPs' addresses, so the first
// ingress host depends on the floating IPs, and a floating IP that named that
// host would close a cycle. Created after both, this resource breaks it.
//
// After creation keepalived owns the placement: read() never reports where
// the address points now (a failover is not drift), so a refresh + up never
// moves it back behind keepalived's back; delete() leaves it where it is.
// Changing `server` (the first ingress host was replaced) PATCHes again.
// Either way only onto a running server: a server still starting, or one
// being deleted (both "changing"), is waited for, never given the address.
import { api, seg } from "../client";
import { cloudscaleProvider, type Tagged } from "../provider";

export interface FloatingIpAssignmentInputs extends Tagged {
  /** The floating IP's id: its address without the prefix ("192.0.2.7", "2001:db8:100::"). */
  floatingIp: string;
  /** The server's uuid. */
  server: string;
}

const path = (address: string) => `/floating-ips/${seg(address)}`;

/** Points a floating IP (its address without prefix) at a server, once that server runs. */
export async function assignFloatingIp(floatingIp: string, server: string): Promise<void> {
  const cs = api();
  await cs.waitFor<{ status: string }>(`/servers/${seg(server)}`, `server ${server} running`, (s) => s.status === "running", (s) => s.status);
  await cs.patch(path(floatingIp), { server });
}

const assign = (inputs: FloatingIpAssignmentInputs) => assignFloatingIp(inputs.floatingIp, inputs.server);

export const provider = cloudscaleProvider<FloatingIpAssignmentInputs, FloatingIpAssignmentInputs>({
  type: "FloatingIpAssignment",
  inputKeys: ["idTag", "floatingIp", "server", "tags"],
  replaceKeys: ["floatingIp"],
  updateKeys: ["server"],
  validate(c) {
    c.string("floatingIp", { pattern: /^[0-9a-fA-F.:]+$/, what: "a floating IP's address without prefix (FloatingIp.address)" });
    c.string("server", { what: "a server uuid" });
  },

  async create(inputs) {
    await assign(inputs);
    return { id: inputs.floatingIp, outs: inputs };
  },

  async update(_id, _olds, news) {
    await assign(news);
    return news;
  },

  async read(id, props) {
    // Gone only with its floating IP; where it points now is keepalived's business.
    return (await api().find(path(id))) ? props : undefined;
  },

  async delete() {
    // Nothing to undo: unassigning would cut the traffic of a live address.
  },
});
