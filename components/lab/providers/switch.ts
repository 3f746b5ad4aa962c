// dualstack:local:Switch — a Linux bridge in a namespace of its own: the lab's L2 segment.
import * as fs from "node:fs/promises";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { deleteNamespace, ensureBridge, ensureNamespace, getLink, namespaceExists } from "../linux";
import { diffKeys, GONE } from "../../dynamic";

export interface SwitchProps {
  namespace: string;
  bridge: string;
  /** The lab's state root (/run/dualstack/<env>); removed with the switch once the hosts are gone. */
  stateRoot: string;
}

export const provider: pulumi.dynamic.ResourceProvider = {
  async diff(_id, olds: SwitchProps, news: SwitchProps) {
    return diffKeys({ ...olds }, { ...news }, { replace: ["namespace", "bridge", "stateRoot"], update: [] });
  },

  async create(inputs: SwitchProps) {
    await fs.mkdir(inputs.stateRoot, { recursive: true, mode: 0o750 });
    await ensureNamespace(inputs.namespace);
    await ensureBridge(inputs.namespace, inputs.bridge);
    return { id: inputs.namespace, outs: { ...inputs } };
  },

  async read(id, props: SwitchProps) {
    if (!(await namespaceExists(props.namespace))) return GONE;
    // A missing bridge is drift: report it so refresh shows it and up recreates it.
    const bridge = (await getLink(props.namespace, props.bridge)) ? props.bridge : "";
    return { id, props: { ...props, bridge } };
  },

  async update(_id, _olds: SwitchProps, news: SwitchProps) {
    const { outs } = await provider.create!(news);
    return { outs };
  },

  async delete(_id, props: SwitchProps) {
    await deleteNamespace(props.namespace);
    // Hosts are deleted first (they depend on the switch); anything left is not ours.
    if (props.stateRoot) {
      await fs.rmdir(props.stateRoot).catch(() => undefined);
      await fs.rmdir(path.dirname(props.stateRoot)).catch(() => undefined); // /run/dualstack, if no other lab
    }
  },
};
