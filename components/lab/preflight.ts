// What the local lab needs from the machine, checked at preview so a missing
// privilege or tool fails early with a clear message, before anything exists.
import * as fs from "node:fs";
import * as path from "node:path";

const CAP_NET_ADMIN = 12;
export const LAB_TOOLS = ["ip", "haproxy", "keepalived", "curl", "nsenter", "containerd", "containerd-shim-runc-v2", "runc", "iptables", "ip6tables"] as const;

/** Whether this process may create namespaces and links (root, or CAP_NET_ADMIN). */
export function hasNetAdmin(statusText = fs.readFileSync("/proc/self/status", "utf8")): boolean {
  const match = /^CapEff:\s*([0-9a-f]+)$/m.exec(statusText);
  return match ? (BigInt(`0x${match[1]}`) & (1n << BigInt(CAP_NET_ADMIN))) !== 0n : false;
}

export function findOnPath(tool: string, searchPath = process.env.PATH ?? ""): string | undefined {
  const dirs = [...searchPath.split(":"), "/usr/sbin", "/sbin"].filter(Boolean);
  return dirs.map((d) => path.join(d, tool)).find(isExecutable);
}

/** A path (an executable file, links followed) or a name on PATH; undefined when it is neither. */
export function findTool(given: string): string | undefined {
  if (!given.includes("/")) return findOnPath(given);
  try {
    const file = fs.realpathSync(given);
    return isExecutable(file) && fs.statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Problems that stop the lab from running here; empty when all is well. */
export function labPreflightProblems(
  statusText?: string,
  lookup: (tool: string) => string | undefined = findOnPath,
  /** Where dockerd must be (scripts/validators/dockerd.sh builds it there). */
  dockerdDir?: string,
  /** runtime kubernetes: where the components and etcd must be (scripts/kubernetes.sh builds them there). */
  kubernetesDir?: string,
  cniDir = "/usr/lib/cni",
): string[] {
  const problems: string[] = [];
  if (!hasNetAdmin(statusText)) {
    problems.push(
      "the local lab creates network namespaces and links: it needs root or CAP_NET_ADMIN (run it as root, e.g. `sudo npm run lab`)",
    );
  }
  const missing = LAB_TOOLS.filter((tool) => !lookup(tool));
  if (missing.length) {
    problems.push(
      `missing tools: ${missing.join(", ")} (scripts/bootstrap.sh installs them: iproute2 haproxy keepalived curl util-linux containerd runc iptables)`,
    );
  }
  if (dockerdDir !== undefined && !isExecutable(path.join(dockerdDir, "dockerd"))) {
    problems.push(`no dockerd in ${dockerdDir}: the lab's nodes run Docker Engine 28.5, built once by scripts/validators/dockerd.sh --ensure (scripts/bootstrap.sh runs it)`);
  }
  if (kubernetesDir !== undefined) {
    const absent = KUBERNETES_BINARIES.filter((b) => !isExecutable(path.join(kubernetesDir, b)));
    if (absent.length) {
      problems.push(`no ${absent.join(", ")} in ${kubernetesDir}: runtime kubernetes runs Kubernetes v1.37.2 and etcd v3.7.3, built once by scripts/kubernetes.sh --ensure (scripts/bootstrap.sh runs it)`);
    }
    const tools = KUBERNETES_TOOLS.filter((tool) => !lookup(tool));
    const plugins = CNI_PLUGINS.filter((p) => !isExecutable(path.join(cniDir, p)));
    if (tools.length || plugins.length) {
      problems.push(`runtime kubernetes needs ${[...tools, ...plugins.map((p) => `${cniDir}/${p}`)].join(", ")} (scripts/bootstrap.sh installs socat and containernetworking-plugins)`);
    }
  }
  return problems;
}

export const KUBERNETES_BINARIES = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubelet", "kube-proxy"] as const;
/** socat: the engine's loopback tunnel to the API server in its namespace. */
const KUBERNETES_TOOLS = ["socat", "ctr"] as const;
const CNI_PLUGINS = ["bridge", "host-local", "portmap", "loopback"] as const;
