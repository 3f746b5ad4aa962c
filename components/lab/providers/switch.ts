// dualstack:local:Switch — a Linux bridge in a namespace of its own: the lab's L2 segment.
import type * as pulumi from "@pulumi/pulumi";
import { deleteNamespace, ensureBridge, ensureNamespace, getLink, namespaceExists } from "../linux";
import { diffKeys, GONE } from "./diff";

export interface SwitchProps {
  namespace: string;
  bridge: string;
}

export const provider: pulumi.dynamic.ResourceProvider = {
  async diff(_id, olds: SwitchProps, news: SwitchProps) {
    return diffKeys({ ...olds }, { ...news }, { replace: ["namespace", "bridge"], update: [] });
  },

  async create(inputs: SwitchProps) {
    await ensureNamespace(inputs.namespace);
    await ensureBridge(inputs.namespace, inputs.bridge);
    return { id: inputs.namespace, outs: { namespace: inputs.namespace, bridge: inputs.bridge } };
  },

  async read(id, props: SwitchProps) {
    if (!(await namespaceExists(props.namespace))) return GONE;
    // A missing bridge is drift: report it so refresh shows it and up recreates it.
    const bridge = (await getLink(props.namespace, props.bridge)) ? props.bridge : "";
    return { id, props: { namespace: props.namespace, bridge } };
  },

  async update(_id, _olds: SwitchProps, news: SwitchProps) {
    const { outs } = await provider.create!(news);
    return { outs };
  },

  async delete(_id, props: SwitchProps) {
    await deleteNamespace(props.namespace);
  },
};
