// exoscale:ElasticIpAttachment — an elastic IP on an instance (PUT
// /elastic-ip/<id>:attach, :detach; both async). A managed EIP attached to
// several instances is served by the healthy ones. Served by the stack's zone.
import { exoscaleProvider } from "../provider";
import { failure } from "../validate";
import { ensureLinked, ensureUnlinked, isLinked } from "../attach";

export interface ElasticIpAttachmentInputs {
  elasticIp: string;
  instance: string;
}

export const provider = exoscaleProvider<ElasticIpAttachmentInputs, ElasticIpAttachmentInputs>({
  type: "ElasticIpAttachment",
  inputKeys: ["elasticIp", "instance"],
  replaceKeys: ["elasticIp", "instance"],
  validate: (a) => [
    ...(a.elasticIp ? [] : [failure("elasticIp", a.elasticIp, "expected an elastic IP id")]),
    ...(a.instance ? [] : [failure("instance", a.instance, "expected an instance id")]),
  ],

  async create(c, a) {
    await ensureLinked(c, a.instance, "elastic-ips", `/elastic-ip/${a.elasticIp}:attach`, { instance: { id: a.instance } }, a.elasticIp);
    return { id: `${a.elasticIp}/${a.instance}`, outs: { ...a } };
  },

  async read(c, _id, props) {
    return (await isLinked(c, props.instance, "elastic-ips", props.elasticIp)) ? { ...props } : undefined;
  },

  async delete(c, _id, a) {
    await ensureUnlinked(c, a.instance, "elastic-ips", `/elastic-ip/${a.elasticIp}:detach`, a.elasticIp);
  },
});
