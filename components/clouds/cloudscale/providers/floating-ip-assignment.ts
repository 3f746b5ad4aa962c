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
import { api, seg } from "../client";
import { clean, configure, Provider, Tagged } from "../common";
import { Checker } from "../validate";
import { diffKeys, GONE } from "../../../dynamic";

export interface FloatingIpAssignmentInputs extends Tagged {
  /** The floating IP's id: its address without the prefix ("192.0.2.7", "2001:db8:100::"). */
  floatingIp: string;
  /** The server's uuid. */
  server: string;
}

const path = (address: string) => `/floating-ips/${seg(address)}`;

async function assign(inputs: FloatingIpAssignmentInputs): Promise<void> {
  await api().patch(path(inputs.floatingIp), { server: inputs.server });
}

export const provider: Provider = {
  configure,

  async check(_olds, news: FloatingIpAssignmentInputs) {
    const inputs = clean({ ...news });
    const c = new Checker(inputs as unknown as Record<string, unknown>);
    c.string("floatingIp", { pattern: /^[0-9a-fA-F.:]+$/, what: "a floating IP's address without prefix (FloatingIp.address)" });
    c.string("server", { what: "a server uuid" });
    return c.result(inputs);
  },

  async diff(_id, olds: FloatingIpAssignmentInputs, news: FloatingIpAssignmentInputs) {
    return diffKeys({ ...olds }, { ...news }, { replace: ["floatingIp"], update: ["server"] });
  },

  async create(inputs: FloatingIpAssignmentInputs) {
    await assign(inputs);
    return { id: inputs.floatingIp, outs: inputs };
  },

  async update(_id, _olds, news: FloatingIpAssignmentInputs) {
    await assign(news);
    return { outs: news };
  },

  async read(id, props: FloatingIpAssignmentInputs) {
    // Gone only with its floating IP; where it points now is keepalived's business.
    return (await api().find(path(id))) ? { id, props } : GONE;
  },

  async delete() {
    // Nothing to undo: unassigning would cut the traffic of a live address.
  },
};
