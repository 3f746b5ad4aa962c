// cloud-init user data for a k3s node: its config.yaml (mode 0600: it holds
// the token), the demo manifests on servers (k3s applies everything in its
// manifests directory), forwarding for both families, the static private IPv6
// where needed, then k3s itself through the official installer, pinned to
// K3S_VERSION. Pure: plan and token in, #cloud-config text out. The text
// holds the token: callers wrap it as a secret.
import { Command, CloudConfig, hostNetwork, HostNetworkOptions, WriteFile } from "../cloud-init";
import { InputError, requireMatch } from "../checks";
import { toCloudConfig } from "../yaml";
import { K3S_DEFAULTS, k3sConfigFor, K3sClusterArgs, renderK3sConfig } from "./k3s-config";
import { K3S_VERSION } from "./k3s-flags";
import { demoManifests, DemoManifestArgs } from "./manifests";

export interface K3sUserDataArgs extends K3sClusterArgs, HostNetworkOptions {
  /** Name of the plan node this user data is for, e.g. "node-1". */
  node: string;
  /** k3s release, e.g. "v1.33.7+k3s1". Default K3S_VERSION. */
  version?: string;
  /** The demo app's manifests (servers only); null deploys none. */
  app?: DemoManifestArgs | null;
}

export const K3S_INSTALL = {
  scriptUrl: "https://get.k3s.io",
  scriptPath: "/usr/local/sbin/k3s-install.sh",
  manifestFile: "dualstack-demo.yaml",
} as const;

export function renderK3sUserData(args: K3sUserDataArgs): string {
  return toCloudConfig(k3sCloudConfig(args));
}

export function k3sCloudConfig(args: K3sUserDataArgs): CloudConfig {
  const { node, role, config } = k3sConfigFor(args, args.node);
  const version = requireMatch("version", args.version ?? K3S_VERSION, /^v1\.[0-9]+\.[0-9]+\+k3s[0-9]+$/, 'use a k3s release such as "v1.33.7+k3s1"');
  if (args.app !== undefined && args.app !== null && typeof args.app !== "object") {
    throw new InputError("app", args.app, "is not an object", "use demo manifest options, or null for none");
  }
  const network = hostNetwork(node, args);
  const files: WriteFile[] = [
    ...network.files,
    { path: K3S_DEFAULTS.configPath, content: renderK3sConfig(config), permissions: "0600" },
  ];
  if (role === "server" && args.app !== null) {
    files.push({ path: `${K3S_DEFAULTS.manifestsDir}/${K3S_INSTALL.manifestFile}`, content: demoManifests(args.app).yaml, permissions: "0600" });
  }
  return {
    write_files: files,
    runcmd: [...network.commands, ...install(role, version)],
  };
}

/**
 * The installer, fetched to a file and run without a shell pipeline; it reads
 * the config file, so no flags or secrets go on its command line (or into
 * the systemd unit's environment file).
 */
function install(role: "server" | "agent", version: string): Command[] {
  return [
    ["curl", "--fail", "--silent", "--show-error", "--location", "--retry", "5", "--output", K3S_INSTALL.scriptPath, K3S_INSTALL.scriptUrl],
    ["env", `INSTALL_K3S_VERSION=${version}`, `INSTALL_K3S_EXEC=${role}`, "sh", K3S_INSTALL.scriptPath],
  ];
}
