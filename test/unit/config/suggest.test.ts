import { closestKey, editDistance } from "../../../stacks/config/suggest";

describe("closestKey", () => {
  it.each([
    ["ipv6prefix", ["ipv4Supernet", "ipv6Prefix", "zones"], "ipv6Prefix"],
    ["cout", ["count"], "count"],
    ["nodez", ["network", "nodes", "ingress"], "nodes"],
    ["ingres", ["network", "nodes", "ingress"], "ingress"],
    ["zonse", ["zones", "tiers"], "zones"],
    ["flavour", ["count"], undefined],
    ["x", ["count"], undefined],
  ])("%s among %j -> %s", (given, known, expected) => {
    expect(closestKey(given, known)).toBe(expected);
  });

  it("counts a swap of neighbours as one edit", () => {
    expect(editDistance("zonse", "zones")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });
});
