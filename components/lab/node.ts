// A lab node: a host on the switch running the dual-stack demo app.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedHost } from "../addressing";
import type { LabNames } from "./names";
import { Host, Process, Switch } from "./resources";

export interface LabHostArgs {
  names: LabNames;
  lanSwitch: Switch;
  host: Pick<PlannedHost, "name" | "ipv4" | "ipv6" | "ipv4PrefixLength" | "ipv6PrefixLength">;
  forwarding?: boolean;
}

/** The namespace + veth + addresses every lab machine has. */
export function labHost(args: LabHostArgs, parent: pulumi.Resource): Host {
  const { names, host } = args;
  return new Host(
    host.name,
    {
      namespace: names.hostNamespace(host.name),
      switchNamespace: args.lanSwitch.namespace,
      bridge: args.lanSwitch.bridge,
      ifname: "eth0",
      peerIf: names.switchPort(host.name),
      ipv4Cidr: `${host.ipv4}/${host.ipv4PrefixLength}`,
      ipv6Cidr: `${host.ipv6}/${host.ipv6PrefixLength}`,
      forwarding: args.forwarding ?? false,
      stateDir: names.stateDir(host.name),
    },
    { parent },
  );
}

export interface LabNodeArgs extends LabHostArgs {
  appPort: number;
}

/** The demo app shipped with the project (plain Node.js, no build). */
export const DEMO_APP = path.resolve(__dirname, "../../apps/demo-app/server.js");

export class LabNode extends pulumi.ComponentResource {
  readonly host: Host;
  readonly app: Process;

  constructor(name: string, args: LabNodeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("dualstack:lab:Node", name, {}, opts);
    this.host = labHost(args, this);
    const stateDir = args.names.stateDir(args.host.name);
    this.app = new Process(
      `${name}-app`,
      {
        namespace: this.host.namespace,
        stateDir,
        name: "demo-app",
        command: process.execPath,
        args: [DEMO_APP],
        env: { NODE_NAME: args.host.name, PORT: String(args.appPort), BIND: "::" },
        files: [],
        readyCommand: ["curl", "-sf", "-o", "/dev/null", "--max-time", "1", `http://127.0.0.1:${args.appPort}/healthz`],
      },
      { parent: this },
    );
    this.registerOutputs({ namespace: this.host.namespace, ipv4: args.host.ipv4, ipv6: args.host.ipv6 });
  }
}
