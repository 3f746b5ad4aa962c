import { hasNetAdmin, labPreflightProblems } from "../../../components/lab/preflight";

// /proc/self/status lines as the kernel writes them.
const ROOT_CAPS = "Name:\tnode\nCapEff:\t000001ffffffffff\n";
const NO_NET_ADMIN = "Name:\tnode\nCapEff:\t0000000000000000\n";
const ONLY_NET_ADMIN = `Name:\tnode\nCapEff:\t${(1n << 12n).toString(16).padStart(16, "0")}\n`;

describe("lab preflight", () => {
  it("reads CAP_NET_ADMIN (bit 12) from the effective capability set", () => {
    expect(hasNetAdmin(ROOT_CAPS)).toBe(true);
    expect(hasNetAdmin(ONLY_NET_ADMIN)).toBe(true);
    expect(hasNetAdmin(NO_NET_ADMIN)).toBe(false);
  });

  it("explains that the lab needs root or CAP_NET_ADMIN", () => {
    const problems = labPreflightProblems(NO_NET_ADMIN, () => "/usr/bin/x");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/root or CAP_NET_ADMIN/);
  });

  it("names the missing tools and how to get them", () => {
    const problems = labPreflightProblems(ROOT_CAPS, (tool) => (tool === "keepalived" ? undefined : `/usr/sbin/${tool}`));
    expect(problems).toEqual([expect.stringMatching(/missing tools: keepalived .*bootstrap/)]);
  });

  it("is quiet on a machine that has everything", () => {
    expect(labPreflightProblems(ROOT_CAPS, (tool) => `/usr/sbin/${tool}`)).toEqual([]);
  });
});
