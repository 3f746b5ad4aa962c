// cloud-init user data for a cloud ingress host: HAProxy (and keepalived,
// where the cloud needs a VRRP master to move floating IPs) from the
// distribution, with the configs the same renderers produce for the lab,
// plus the keepalived notify scripts that move floating IPs through the
// cloud's API (clouds ignore gratuitous ARP / unsolicited NA) and the
// root-only files those scripts read (API tokens). Where the cloud moves the
// addresses itself (Exoscale's managed elastic IPs, by healthcheck), there is
// no keepalived; such addresses only reach the host when it holds them
// locally, so they go on the loopback interface. Pure: text in, text out.
import { CloudConfig, Command, privateIpv6NetplanFile, WriteFile } from "../runtime/cloud-init";
import { toCloudConfig, toYaml } from "../runtime/yaml";
import { InputError, requireIpv4, requireIpv6 } from "./validate";

export const INGRESS_PATHS = {
  haproxy: "/etc/haproxy/haproxy.cfg",
  keepalived: "/etc/keepalived/keepalived.conf",
  /** Addresses on the loopback interface (localAddresses). */
  localAddressesNetplan: "/etc/netplan/90-dualstack-eips.yaml",
} as const;

export interface IngressFile {
  /** Absolute path on the host. */
  path: string;
  content: string;
}

export interface IngressUserDataArgs {
  haproxyConfig: string;
  /** Absent: no keepalived at all (the cloud fails the addresses over itself). */
  keepalivedConfig?: string;
  /** Executables keepalived runs (notify_master, ...), installed root-only 0700. */
  scripts?: IngressFile[];
  /** Secrets the scripts read (API tokens), installed root-only 0600. */
  secretFiles?: IngressFile[];
  /**
   * Host addresses with their prefix length ("203.0.113.7/32",
   * "2001:db8::7/128") put on the loopback interface by netplan: a cloud that
   * routes an address to the host without configuring it (Exoscale elastic
   * IPs) delivers its traffic only where it is configured locally.
   */
  localAddresses?: string[];
  /**
   * The host's planned IPv6 address on a private network whose DHCP is IPv4
   * only (Exoscale, cloudscale): configured statically by netplan, so HAProxy
   * reaches the nodes' private IPv6 addresses.
   */
  privateIpv6?: { interface: string; ipv6: string; ipv6PrefixLength: number };
}

export function ingressCloudConfig(args: IngressUserDataArgs): CloudConfig {
  for (const file of [...(args.scripts ?? []), ...(args.secretFiles ?? [])]) {
    if (!file.path.startsWith("/") || file.path.includes("..")) {
      throw new Error(`ingress user data: file path ${JSON.stringify(file.path)} must be absolute, without ".."`);
    }
  }
  const keepalived = args.keepalivedConfig;
  const netplan = networkFiles(args);
  const files: WriteFile[] = [
    ...netplan,
    { path: INGRESS_PATHS.haproxy, content: args.haproxyConfig, permissions: "0644" },
    ...(keepalived === undefined ? [] : [{ path: INGRESS_PATHS.keepalived, content: keepalived, permissions: "0640" }]),
    ...(args.scripts ?? []).map((f) => ({ ...f, permissions: "0700", owner: "root:root" })),
    ...(args.secretFiles ?? []).map((f) => ({ ...f, permissions: "0600", owner: "root:root" })),
  ];
  // No forwarding here: an ingress host proxies, it does not route (and
  // forwarding would make the kernel ignore router advertisements).
  // write_files runs before packages: the daemons start with our configs.
  // The addresses come up before HAProxy restarts, so it binds them at once.
  const daemons = keepalived === undefined ? ["haproxy"] : ["haproxy", "keepalived"];
  const runcmd: Command[] = [
    ...(netplan.length ? [["netplan", "apply"]] : []),
    ["systemctl", "enable", ...daemons],
    ...daemons.map((d) => ["systemctl", "restart", d]),
  ];
  return { package_update: true, packages: [...daemons, "curl"], write_files: files, runcmd };
}

export function renderIngressUserData(args: IngressUserDataArgs): string {
  return toCloudConfig(ingressCloudConfig(args));
}

function networkFiles(args: IngressUserDataArgs): WriteFile[] {
  const files: WriteFile[] = [];
  if (args.privateIpv6) files.push(privateIpv6NetplanFile(args.privateIpv6.interface, args.privateIpv6));
  if (args.localAddresses?.length) files.push(localAddressesNetplanFile(args.localAddresses));
  return files;
}

/** netplan merges this with cloud-init's own file; 0600 because netplan refuses world-readable files. */
export function localAddressesNetplanFile(addresses: readonly string[]): WriteFile {
  const canonical = addresses.map((a, i) => hostPrefix(`localAddresses[${i}]`, a));
  const doc = { network: { version: 2, ethernets: { lo: { addresses: canonical } } } };
  return { path: INGRESS_PATHS.localAddressesNetplan, content: toYaml(doc), permissions: "0600" };
}

/** "address/length", the address canonical (a netplan list entry must say which family it is). */
function hostPrefix(key: string, value: unknown): string {
  const [address, length, ...rest] = typeof value === "string" ? value.split("/") : [];
  const expected = 'use an address with its prefix length, e.g. "203.0.113.7/32" or "2001:db8::7/128"';
  if (address === undefined || length === undefined || rest.length || !/^\d{1,3}$/.test(length)) {
    throw new InputError(key, value, "is not an address/length", expected);
  }
  const v6 = address.includes(":");
  const canonical = v6 ? requireIpv6(key, address) : requireIpv4(key, address);
  if (Number(length) > (v6 ? 128 : 32)) throw new InputError(key, value, "has a prefix length out of range", expected);
  return `${canonical}/${Number(length)}`;
}
