// Name validation up front: iproute2's own errors for bad names are cryptic
// ("Invalid argument", "not a valid ifname"), and names end up in file paths.

/** A name the lab cannot use; says which name, why, and what would be valid. */
export class LabNameError extends Error {
  constructor(
    readonly kind: string,
    readonly value: string,
    expected: string,
  ) {
    super(`invalid ${kind} name ${JSON.stringify(value)}: ${expected}`);
    this.name = "LabNameError";
  }
}

const NAMESPACE_RE = /^[A-Za-z0-9_.-]{1,64}$/;
// Kernel limit IFNAMSIZ-1 = 15; '/' and whitespace are rejected by the kernel,
// ':' is the legacy alias separator and breaks `ip` parsing.
const IFNAME_RE = /^[A-Za-z0-9_.-]{1,15}$/;
// Process names become file names under stateDir: no leading dot, no slashes.
const PROCESS_RE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** Throws {@link LabNameError} unless `name` is a usable network namespace name. */
export function validateNamespaceName(name: string): void {
  if (!NAMESPACE_RE.test(name) || name === "." || name === "..") {
    throw new LabNameError("namespace", name, "use 1-64 characters from A-Z a-z 0-9 _ . - (not '.' or '..')");
  }
}

/** Throws {@link LabNameError} unless `name` is a usable interface name (<= 15 chars). */
export function validateInterfaceName(name: string): void {
  if (!IFNAME_RE.test(name) || name === "." || name === "..") {
    throw new LabNameError(
      "interface",
      name,
      `use 1-15 characters from A-Z a-z 0-9 _ . - (Linux IFNAMSIZ limit; got ${name.length})`,
    );
  }
}

/** Throws {@link LabNameError} unless `name` can name a process (and its .pid/.log files). */
export function validateProcessName(name: string): void {
  if (!PROCESS_RE.test(name)) {
    throw new LabNameError("process", name, "use 1-64 characters from A-Z a-z 0-9 _ . -, not starting with '.' or '-'");
  }
}
