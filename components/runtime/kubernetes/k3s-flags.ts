// The k3s options a config file (/etc/rancher/k3s/config.yaml) may set: every
// long flag of `k3s server --help` and `k3s agent --help`, without the "--".
// There is no k3s binary here to ask, so the list is checked in.
//
// Source: the "K3s Server CLI Help" and "K3s Agent CLI Help" sections of the
// k3s documentation (github.com/k3s-io/docs docs/cli/server.md at 02434960,
// docs/cli/agent.md at 1f023c05), i.e. the CLI of k3s v1.33 (the line
// K3S_VERSION pins; --disable-apiserver-lb, the newest flag listed, is in
// v1.33.2+k3s1), plus the flags those pages document in their tables but
// the help output hides (--disable-agent, --secrets-encryption-provider).
// `config` itself is left out: a config file cannot name another one.
// Types follow the flag kinds of k3s' pkg/cli/cmds (urfave/cli): list =
// StringSlice, which the config file takes as a YAML list or a
// comma-separated string.

export type K3sFlagType = "bool" | "int" | "string" | "list";

/** Flags of `k3s agent` (servers run an agent too, so servers accept all of these). */
export const K3S_AGENT_FLAGS: Readonly<Record<string, K3sFlagType>> = {
  debug: "bool",
  v: "int",
  vmodule: "string",
  log: "string",
  alsologtostderr: "bool",
  token: "string",
  "token-file": "string",
  server: "string",
  "data-dir": "string",
  "node-name": "string",
  "with-node-id": "bool",
  "node-label": "list",
  "node-taint": "list",
  "image-credential-provider-bin-dir": "string",
  "image-credential-provider-config": "string",
  selinux: "bool",
  "lb-server-port": "int",
  "protect-kernel-defaults": "bool",
  "container-runtime-endpoint": "string",
  "default-runtime": "string",
  "image-service-endpoint": "string",
  "pause-image": "string",
  snapshotter: "string",
  "private-registry": "string",
  "disable-default-registry-endpoint": "bool",
  "nonroot-devices": "bool",
  "node-ip": "list",
  "bind-address": "string",
  "node-external-ip": "list",
  "node-internal-dns": "list",
  "node-external-dns": "list",
  "resolv-conf": "string",
  "flannel-iface": "string",
  "flannel-conf": "string",
  "flannel-cni-conf": "string",
  "kubelet-arg": "list",
  "kube-proxy-arg": "list",
  "enable-pprof": "bool",
  rootless: "bool",
  "prefer-bundled-bin": "bool",
  docker: "bool",
  "vpn-auth": "string",
  "vpn-auth-file": "string",
  "disable-apiserver-lb": "bool",
};

/** Flags only `k3s server` has. */
export const K3S_SERVER_ONLY_FLAGS: Readonly<Record<string, K3sFlagType>> = {
  "https-listen-port": "int",
  "advertise-address": "string",
  "advertise-port": "int",
  "tls-san": "list",
  "tls-san-security": "bool",
  "cluster-cidr": "list",
  "service-cidr": "list",
  "service-node-port-range": "string",
  "cluster-dns": "list",
  "cluster-domain": "string",
  "flannel-backend": "string",
  "flannel-ipv6-masq": "bool",
  "flannel-external-ip": "bool",
  "egress-selector-mode": "string",
  "servicelb-namespace": "string",
  "write-kubeconfig": "string",
  "write-kubeconfig-mode": "string",
  "write-kubeconfig-group": "string",
  "helm-job-image": "string",
  "agent-token": "string",
  "agent-token-file": "string",
  "cluster-init": "bool",
  "cluster-reset": "bool",
  "cluster-reset-restore-path": "string",
  "kube-apiserver-arg": "list",
  "etcd-arg": "list",
  "kube-controller-manager-arg": "list",
  "kube-scheduler-arg": "list",
  "kube-cloud-controller-manager-arg": "list",
  "datastore-endpoint": "string",
  "datastore-cafile": "string",
  "datastore-certfile": "string",
  "datastore-keyfile": "string",
  "etcd-expose-metrics": "bool",
  "etcd-disable-snapshots": "bool",
  "etcd-snapshot-name": "string",
  "etcd-snapshot-schedule-cron": "string",
  "etcd-snapshot-retention": "int",
  "etcd-snapshot-dir": "string",
  "etcd-snapshot-compress": "bool",
  "etcd-s3": "bool",
  "etcd-s3-endpoint": "string",
  "etcd-s3-endpoint-ca": "string",
  "etcd-s3-skip-ssl-verify": "bool",
  "etcd-s3-access-key": "string",
  "etcd-s3-secret-key": "string",
  "etcd-s3-bucket": "string",
  "etcd-s3-region": "string",
  "etcd-s3-folder": "string",
  "etcd-s3-proxy": "string",
  "etcd-s3-config-secret": "string",
  "etcd-s3-insecure": "bool",
  "etcd-s3-timeout": "string",
  "default-local-storage-path": "string",
  disable: "list",
  "disable-scheduler": "bool",
  "disable-cloud-controller": "bool",
  "disable-kube-proxy": "bool",
  "disable-network-policy": "bool",
  "disable-helm-controller": "bool",
  "embedded-registry": "bool",
  "supervisor-metrics": "bool",
  "system-default-registry": "string",
  "secrets-encryption": "bool",
  "secrets-encryption-provider": "string",
  "disable-agent": "bool",
};

/** Every key a config file for `role` may hold, with its type. */
export function k3sFlagsFor(role: "server" | "agent"): Readonly<Record<string, K3sFlagType>> {
  return role === "server" ? { ...K3S_AGENT_FLAGS, ...K3S_SERVER_ONLY_FLAGS } : K3S_AGENT_FLAGS;
}

/** The k3s release the installer pins (INSTALL_K3S_VERSION). */
export const K3S_VERSION = "v1.33.7+k3s1";
