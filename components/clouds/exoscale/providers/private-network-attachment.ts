// exoscale:PrivateNetworkAttachment — an instance on a private network
// (PUT /private-network/<id>:attach, :detach). Served by the stack's zone.
import { isIPv4 } from "node:net";
import { exoscaleProvider } from "../provider";
import { failure } from "../validate";
import { ensureLinked, ensureUnlinked, isLinked } from "../attach";

export interface PrivateNetworkAttachmentInputs {
  privateNetwork: string;
  instance: string;
  /** Static DHCP lease (IPv4). */
  ip?: string;
}

export const provider = exoscaleProvider<PrivateNetworkAttachmentInputs, PrivateNetworkAttachmentInputs>({
  type: "PrivateNetworkAttachment",
  inputKeys: ["privateNetwork", "instance", "ip"],
  replaceKeys: ["privateNetwork", "instance", "ip"],
  validate: (a) => [
    ...(a.privateNetwork ? [] : [failure("privateNetwork", a.privateNetwork, "expected a private network id")]),
    ...(a.instance ? [] : [failure("instance", a.instance, "expected an instance id")]),
    ...(a.ip === undefined || isIPv4(a.ip) ? [] : [failure("ip", a.ip, "expected an IPv4 address (managed DHCP is IPv4 only)")]),
  ],

  async create(c, a) {
    const body = { instance: { id: a.instance }, ...(a.ip ? { ip: a.ip } : {}) };
    await ensureLinked(c, a.instance, "private-networks", `/private-network/${a.privateNetwork}:attach`, body, a.privateNetwork);
    return { id: `${a.privateNetwork}/${a.instance}`, outs: { ...a } };
  },

  async read(c, _id, props) {
    return (await isLinked(c, props.instance, "private-networks", props.privateNetwork)) ? { ...props } : undefined;
  },

  async delete(c, _id, a) {
    await ensureUnlinked(c, a.instance, "private-networks", `/private-network/${a.privateNetwork}:detach`, a.privateNetwork);
  },
});
