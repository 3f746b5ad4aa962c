// Every lab object carries the stack's name, so two lab stacks can coexist on
// one machine: namespaces `ds-<env>-<host>`, state under /run/dualstack/<env>.
import * as path from "node:path";

export interface LabNames {
  switchNamespace: string;
  bridge: string;
  stateRoot: string;
  hostNamespace(host: string): string;
  stateDir(host: string): string;
  /** Switch-side veth name; only needs to be unique inside this lab's switch. */
  switchPort(host: string): string;
}

export const LAB_STATE_ROOT = "/run/dualstack";

export function labNames(env: string, stateRoot = LAB_STATE_ROOT): LabNames {
  const prefix = `ds-${env}`;
  const root = path.join(stateRoot, env);
  return {
    switchNamespace: `${prefix}-switch`,
    bridge: "br0",
    stateRoot: root,
    hostNamespace: (host) => `${prefix}-${host}`,
    stateDir: (host) => path.join(root, host),
    switchPort: (host) => `v-${host}`.slice(0, 15),
  };
}
