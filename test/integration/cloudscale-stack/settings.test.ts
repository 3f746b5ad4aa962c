// The cloudscale stack's config checks, without the engine (pure and fast;
// the engine-level previews in stack.test.ts show the same messages end to
// end): every problem at once, each naming the full key, and never a token.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, parseStackConfig } from "../../../stacks/config";
import { cloudscaleSettings } from "../../../stacks/cloudscale/settings";
import { thrownBy } from "../../support/errors";

const TOKEN = "settings-test-token-5e5e";

function withConfig(secrets: Record<string, string>): void {
  pulumi.runtime.setAllConfig(secrets, Object.keys(secrets));
}

function stackConfig(extra: Record<string, unknown> = {}) {
  return parseStackConfig("cs-settings", {
    provider: "cloudscale",
    network: { ipv4Supernet: "10.63.0.0/16", tiers: { ingress: "private", nodes: "private" } },
    nodes: { count: 2 },
    ...extra,
  });
}

const problems = (fn: () => unknown): ConfigError => thrownBy(fn, ConfigError);

afterEach(() => withConfig({}));

describe("cloudscaleSettings", () => {
  it("fills the documented defaults", () => {
    withConfig({ "dualstack:cloudscaleToken": TOKEN });
    expect(cloudscaleSettings("s", stackConfig())).toEqual({
      zone: "lpg1",
      flavor: "flex-4-2",
      ingressFlavor: "flex-4-1",
      image: "ubuntu-24.04",
      volumeSizeGb: 10,
      floatingIpv6PrefixLength: 128,
      publicInterface: "ens3",
      privateInterface: "ens4",
    });
  });

  it("accepts a /56 given as text (pulumi config set stores text)", () => {
    withConfig({ "dualstack:cloudscaleToken": TOKEN });
    expect(cloudscaleSettings("s", stackConfig({ cloudscale: { floatingIpv6PrefixLength: "56" } })).floatingIpv6PrefixLength).toBe(56);
  });

  it("reports every problem of the section at once, each with its full key", () => {
    withConfig({});
    const err = problems(() =>
      cloudscaleSettings(
        "s",
        stackConfig({
          runtime: "kubernetes",
          kubernetes: { mode: "managed" },
          cloudscale: { zone: "zrh1", floatingIpv6PrefixLength: 64, volumeSizeGb: 5, image: "debian-12", apiUrl: "ftp://x", flavour: "flex-4-2" },
        }),
      ),
    );
    const byKey = Object.fromEntries(err.problems.map((p) => [p.key, p.message]));
    expect(Object.keys(byKey).sort()).toEqual([
      "dualstack:cloudscale",
      "dualstack:cloudscale.apiUrl",
      "dualstack:cloudscale.floatingIpv6PrefixLength",
      "dualstack:cloudscale.image",
      "dualstack:cloudscale.volumeSizeGb",
      "dualstack:cloudscale.zone",
      "dualstack:cloudscaleToken",
      "dualstack:kubernetes.mode",
    ]);
    expect(err.message).toContain('dualstack:cloudscale.zone: "zrh1" is not valid; expected one of: lpg1, rma1');
    expect(err.message).toContain("dualstack:cloudscale.floatingIpv6PrefixLength: 64 is not valid; expected one of: 128, 56");
    expect(byKey["dualstack:cloudscale"]).toContain("unknown key(s) flavour");
    expect(byKey["dualstack:cloudscale.image"]).toContain("Debian 13+");
    expect(byKey["dualstack:kubernetes.mode"]).toContain("cloudscale has no managed Kubernetes; use self-managed");
    expect(byKey["dualstack:cloudscaleToken"]).toContain("pulumi config set --secret dualstack:cloudscaleToken <token>");
  });

  it("refuses more zones than the section's one, and one interface for both roles", () => {
    withConfig({ "dualstack:cloudscaleToken": TOKEN });
    const err = problems(() =>
      cloudscaleSettings(
        "s",
        stackConfig({
          network: { ipv4Supernet: "10.63.0.0/16", zones: ["lpg1", "rma1"], tiers: { ingress: "p", nodes: "p" } },
          cloudscale: { publicInterface: "ens3", privateInterface: "ens3" },
        }),
      ),
    );
    expect(err.problems.map((p) => p.key)).toEqual(["dualstack:network.zones", "dualstack:cloudscale.privateInterface"]);
    expect(err.message).not.toContain(TOKEN);
  });
});
