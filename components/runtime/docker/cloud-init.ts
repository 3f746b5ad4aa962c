// cloud-init user data for a Docker node: Docker Engine from Docker's apt
// repository, the node's daemon.json, forwarding for both families, the
// static private IPv6 where needed, and the demo app published on both
// families. Pure: plan in, #cloud-config text out.
//
// Why Docker's repository and not the distribution's docker.io: Debian 12
// ships Engine 20.10 and Ubuntu 24.04 24.x-26.x; `default-network-opts` needs
// 25+, IPv6 pools and ip6tables by default 27+. The engine is pinned to one
// minor line (apt preferences), the one whose `dockerd --validate` checks the
// rendered daemon.json in the tests (scripts/validators/dockerd.sh).
import type { AddressPlan, PlannedNode } from "../../addressing";
import { InputError, requireDnsLabel, requireMatch } from "../checks";
import { CloudConfig, Command, hostNetwork, HostNetworkOptions, WriteFile } from "../cloud-init";
import { checkDemoApp, DEMO_APP_DEFAULTS, DemoApp, DemoAppOptions } from "../demo-app";
import { toCloudConfig } from "../yaml";
import { DaemonJsonOptions, renderDaemonJson, reservedRanges } from "./daemon-json";

export type Distro = "debian" | "ubuntu";

export interface DockerUserDataArgs extends HostNetworkOptions {
  plan: AddressPlan;
  /** Name of the plan node this user data is for, e.g. "node-1". */
  node: string;
  /** Image's distribution: picks Docker's repository (download.docker.com/linux/<distro>). Default "ubuntu". */
  distro?: Distro;
  /** Engine minor line to pin, e.g. "28.5"; null installs the newest. Default DOCKER_ENGINE.version. */
  engineVersion?: string | null;
  /** Docker's signing key: by fingerprint from a keyserver (default), or the armored key itself. */
  aptKey?: { keyid: string; keyserver?: string } | { key: string };
  daemon?: Omit<DaemonJsonOptions, "avoid">;
  app?: DemoAppOptions;
}

export const DOCKER_ENGINE = {
  /** The line `dockerd --validate` in the tests comes from (scripts/validators/dockerd.sh). */
  version: "28.5",
  /** Docker Release (CE deb) <docker@docker.com>, as published in Docker's install docs. */
  keyid: "9DC858229FC7DD38854AE2D88D81803C0EBFCD88",
  keyserver: "keyserver.ubuntu.com",
  packages: ["docker-ce", "docker-ce-cli", "containerd.io"],
  daemonJsonPath: "/etc/docker/daemon.json",
  aptPreferencesPath: "/etc/apt/preferences.d/90-dualstack-docker",
} as const;

export const DOCKER_APP = {
  containerName: "demo-app",
  /** Host directory holding the app's source, mounted read-only into the container. */
  sourcePath: "/opt/dualstack/demo-app/server.js",
} as const;

export function renderDockerUserData(args: DockerUserDataArgs): string {
  return toCloudConfig(dockerCloudConfig(args));
}

export function dockerCloudConfig(args: DockerUserDataArgs): CloudConfig {
  const node = findNode(args.plan, args.node);
  const distro = args.distro ?? "ubuntu";
  if (distro !== "debian" && distro !== "ubuntu") {
    throw new InputError("distro", distro, "is not supported", 'use "debian" or "ubuntu"');
  }
  const version = args.engineVersion === undefined ? DOCKER_ENGINE.version : args.engineVersion;
  if (version !== null) requireMatch("engineVersion", version, /^[0-9]+\.[0-9]+$/, 'use a minor line such as "28.5", or null for the newest');
  const app = checkDemoApp(args.app);
  const daemon = renderDaemonJson(node, { ...args.daemon, avoid: reservedRanges(args.plan) });
  const network = hostNetwork(node, args);

  const files: WriteFile[] = [
    ...network.files,
    { path: DOCKER_ENGINE.daemonJsonPath, content: daemon.text, permissions: "0644" },
    ...(version === null ? [] : [aptPinFile(version)]),
    ...(app.source === undefined ? [] : [{ path: DOCKER_APP.sourcePath, content: app.source, permissions: "0644" }]),
  ];
  return {
    apt: {
      // Add Docker's source; leave the image's own sources alone.
      preserve_sources_list: true,
      sources: {
        "docker.list": {
          // $KEY_FILE: cloud-init stores the key in its own keyring file and signs only this source with it.
          source: `deb [signed-by=$KEY_FILE] https://download.docker.com/linux/${distro} $RELEASE stable`,
          ...aptKey(args.aptKey),
        },
      },
    },
    package_update: true,
    packages: [...DOCKER_ENGINE.packages],
    write_files: files,
    runcmd: [...network.commands, dockerRun(node, app)],
  };
}

function findNode(plan: AddressPlan, name: string): PlannedNode {
  const node = plan.nodes.find((n) => n.name === name);
  if (!node) {
    throw new InputError("node", name, `is not a node of plan "${plan.name}"`, `use one of ${plan.nodes.map((n) => n.name).join(", ")}`);
  }
  requireDnsLabel("node", node.name);
  return node;
}

function aptKey(key: DockerUserDataArgs["aptKey"]): { keyid: string; keyserver: string } | { key: string } {
  if (key === undefined) return { keyid: DOCKER_ENGINE.keyid, keyserver: DOCKER_ENGINE.keyserver };
  if ("key" in key) {
    return { key: requireMatch("aptKey.key", key.key, /^-----BEGIN PGP PUBLIC KEY BLOCK-----\n[\s\S]+\n-----END PGP PUBLIC KEY BLOCK-----\n?$/, "use the ASCII-armored key of https://download.docker.com/linux/<distro>/gpg") };
  }
  return {
    keyid: requireMatch("aptKey.keyid", key.keyid, /^[0-9A-F]{40}$/, "use the full 40-hex-digit fingerprint in upper case"),
    keyserver: requireMatch("aptKey.keyserver", key.keyserver ?? DOCKER_ENGINE.keyserver, /^[a-z0-9.-]+$/, 'use a host name such as "keyserver.ubuntu.com"'),
  };
}

/** Holds the engine on one minor line whatever the distribution release (Docker's versions are "5:28.5.2-1~<distro>..."). */
function aptPinFile(version: string): WriteFile {
  const stanza = ["Package: docker-ce docker-ce-cli docker-ce-rootless-extras", `Pin: version 5:${version}.*`, "Pin-Priority: 1001"];
  return { path: DOCKER_ENGINE.aptPreferencesPath, content: stanza.join("\n") + "\n", permissions: "0644" };
}

/**
 * `-p public:container` publishes on every host address of both families;
 * with IPv6 on the default bridge and ip6tables, IPv6 clients are forwarded to
 * the container's IPv6 address (not proxied to IPv4), so the app reports the
 * client's real family. --restart=always brings it back after reboots.
 */
function dockerRun(node: PlannedNode, app: DemoApp): Command {
  return [
    "docker", "run", "--detach",
    "--name", DOCKER_APP.containerName,
    "--restart=always",
    "--publish", `${app.publicPort}:${app.containerPort}`,
    "--env", `NODE_NAME=${node.name}`,
    "--env", `PORT=${app.containerPort}`,
    "--env", `BIND=${DEMO_APP_DEFAULTS.bind}`,
    // With the source mounted the image is a stock node image: run as its unprivileged `node` user, read-only.
    ...(app.source === undefined
      ? []
      : ["--user", "1000:1000", "--read-only", "--volume", `${DOCKER_APP.sourcePath}:${DEMO_APP_DEFAULTS.mountPath}:ro`]),
    app.image,
    ...app.command,
  ];
}
