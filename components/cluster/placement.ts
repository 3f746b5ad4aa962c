// Anti-affinity groups for a role: a cloud's group holds a limited number of
// hosts, so larger roles are spread over several groups of that size.

export interface Spread<G> {
  groups: G[];
  /** The group of the role's i-th (0-based) host. */
  groupOf(i: number): G;
}

/** At least one group (`make(g)` for g = 1, 2, ...), each for `size` hosts. */
export function spreadOver<G>(count: number, size: number, make: (g: number) => G): Spread<G> {
  const groups = Array.from({ length: Math.max(1, Math.ceil(count / size)) }, (_, g) => make(g + 1));
  return { groups, groupOf: (i) => groups[Math.floor(i / size)] };
}
