// One stack, one zone (cloudscale, Exoscale): dualstack:network.zones must be
// unset or the provider section's zone, with a message naming both keys.
import { parseStackConfig } from "../../../stacks/config";
import { singleZoneProblems } from "../../../stacks/zones";

const configWith = (zones?: string[]) =>
  parseStackConfig("zones-test", { provider: "exoscale", network: { ipv4Supernet: "10.40.0.0/16", ...(zones ? { zones } : {}) }, nodes: { count: 2 } });

describe("singleZoneProblems", () => {
  const exoscale = { section: "exoscale", label: "Exoscale" };

  it("accepts unset zones and exactly the chosen zone", () => {
    expect(singleZoneProblems(configWith(), "ch-gva-2", exoscale)).toEqual([]);
    expect(singleZoneProblems(configWith(["ch-gva-2"]), "ch-gva-2", exoscale)).toEqual([]);
  });

  it.each([[["de-fra-1"]], [["ch-gva-2", "de-fra-1"]]])("refuses %j, naming network.zones and the section's zone key", (zones) => {
    expect(singleZoneProblems(configWith(zones), "ch-gva-2", exoscale)).toEqual([
      {
        key: "dualstack:network.zones",
        value: zones,
        message: "must be unset or [ch-gva-2] on Exoscale: a stack lives in one zone, chosen by dualstack:exoscale.zone (now ch-gva-2)",
      },
    ]);
  });

  it("says why first, when there is a reason", () => {
    const [problem] = singleZoneProblems(configWith(["lpg1", "rma1"]), "lpg1", { section: "cloudscale", label: "cloudscale", why: "private networks are zonal" });
    expect(problem.message).toBe(
      "must be unset or [lpg1] on cloudscale: private networks are zonal, so a stack lives in one zone, chosen by dualstack:cloudscale.zone (now lpg1)",
    );
  });
});
