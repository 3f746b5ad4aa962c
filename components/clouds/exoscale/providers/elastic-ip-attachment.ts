// exoscale:ElasticIpAttachment — an elastic IP on an instance (PUT
// /elastic-ip/<id>:attach, :detach; both async). A managed EIP attached to
// several instances is served by the healthy ones. Served by the stack's zone.
//
// Done only once the instance serves the EIP as far as anyone can tell from
// outside the guest: it runs with the EIP attached and, for a managed EIP,
// the healthcheck had time to pass (strikesOk x interval; the API reports no
// per-instance health). The next ingress host of a rolling change waits for
// this, so it is what keeps one host serving while the other is replaced.
import { sleep } from "../../http";
import type { ExoscaleClient } from "../client";
import { currentSettings } from "../config";
import { exoscaleProvider } from "../provider";
import { failure } from "../validate";
import { ensureLinked, ensureUnlinked, isLinked, type InstanceLinks } from "../attach";
import type { Healthcheck } from "./elastic-ip";

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
    await untilServing(c, a);
    return { id: `${a.elasticIp}/${a.instance}`, outs: { ...a } };
  },

  async read(c, _id, props) {
    return (await isLinked(c, props.instance, "elastic-ips", props.elasticIp)) ? { ...props } : undefined;
  },

  async delete(c, _id, a) {
    await ensureUnlinked(c, a.instance, "elastic-ips", `/elastic-ip/${a.elasticIp}:detach`, a.elasticIp);
  },
});

/** Until the instance runs with the EIP attached, then the managed EIP's rise time (settings: healthcheckRiseMs). */
async function untilServing(c: ExoscaleClient, a: ElasticIpAttachmentInputs): Promise<void> {
  await c.waitUntil(
    `/instance/${a.instance}`,
    () => c.get<InstanceLinks & { state: string }>(`/instance/${a.instance}`),
    (i) => i.state === "running" && (i["elastic-ips"] ?? []).some((e) => e.id === a.elasticIp),
  );
  const eip = await c.get<{ healthcheck?: Pick<Healthcheck, "interval"> & { "strikes-ok"?: number } }>(`/elastic-ip/${a.elasticIp}`);
  if (!eip.healthcheck) return;
  const rise = currentSettings()?.healthcheckRiseMs ?? (eip.healthcheck.interval ?? 10) * (eip.healthcheck["strikes-ok"] ?? 2) * 1000;
  if (rise > 0) await sleep(rise);
}
