// cloud-init user data for a cloud ingress host: HAProxy and keepalived from
// the distribution, with the configs the same renderers produce for the lab,
// plus the keepalived notify scripts that move floating IPs through the
// cloud's API (clouds ignore gratuitous ARP / unsolicited NA) and the
// root-only files those scripts read (API tokens). Pure: text in, text out.
import { CloudConfig, Command, WriteFile } from "../runtime/cloud-init";
import { toCloudConfig } from "../runtime/yaml";

export const INGRESS_PATHS = {
  haproxy: "/etc/haproxy/haproxy.cfg",
  keepalived: "/etc/keepalived/keepalived.conf",
} as const;

export interface IngressFile {
  /** Absolute path on the host. */
  path: string;
  content: string;
}

export interface IngressUserDataArgs {
  haproxyConfig: string;
  keepalivedConfig: string;
  /** Executables keepalived runs (notify_master, ...), installed root-only 0700. */
  scripts?: IngressFile[];
  /** Secrets the scripts read (API tokens), installed root-only 0600. */
  secretFiles?: IngressFile[];
}

export function ingressCloudConfig(args: IngressUserDataArgs): CloudConfig {
  for (const file of [...(args.scripts ?? []), ...(args.secretFiles ?? [])]) {
    if (!file.path.startsWith("/") || file.path.includes("..")) {
      throw new Error(`ingress user data: file path ${JSON.stringify(file.path)} must be absolute, without ".."`);
    }
  }
  const files: WriteFile[] = [
    { path: INGRESS_PATHS.haproxy, content: args.haproxyConfig, permissions: "0644" },
    { path: INGRESS_PATHS.keepalived, content: args.keepalivedConfig, permissions: "0640" },
    ...(args.scripts ?? []).map((f) => ({ ...f, permissions: "0700", owner: "root:root" })),
    ...(args.secretFiles ?? []).map((f) => ({ ...f, permissions: "0600", owner: "root:root" })),
  ];
  // No forwarding here: an ingress host proxies, it does not route (and
  // forwarding would make the kernel ignore router advertisements).
  // write_files runs before packages: the daemons start with our configs.
  const runcmd: Command[] = [
    ["systemctl", "enable", "haproxy", "keepalived"],
    ["systemctl", "restart", "haproxy"],
    ["systemctl", "restart", "keepalived"],
  ];
  return { package_update: true, packages: ["haproxy", "keepalived", "curl"], write_files: files, runcmd };
}

export function renderIngressUserData(args: IngressUserDataArgs): string {
  return toCloudConfig(ingressCloudConfig(args));
}
