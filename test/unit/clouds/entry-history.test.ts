// The history checks the rolling tests rely on (test/support/entry-history.ts)
// reject what a replacement without handover or without the chain would
// leave in the fakes' history: so a rolling test passing means something.
import type { HistoryEntry as CsMoment } from "../../fakes/cloudscale/server";
import type { HistoryEntry as ExoMoment } from "../../fakes/exoscale/server";
import { cloudscaleMoments, elasticIpGaps, exoscaleMoments, floatingIpGaps, replacementProblems, rollingProblems } from "../../support/entry-history";

type Server = CsMoment["servers"][number];
const server = (uuid: string, name: string, status = "running", deleting = false): Server => ({ uuid, name, status, deleting });
let seq = 0;
const cs = (servers: Server[], on: string | null): CsMoment => ({
  seq: ++seq,
  at: seq,
  request: "TEST",
  servers,
  floatingIps: [{ address: "192.0.2.2", server: on }, { address: "2001:db8:cafe::3", server: on }],
});
const FIPS = ["192.0.2.2", "2001:db8:cafe::3"];

describe("floatingIpGaps", () => {
  it("accepts floating IPs handed to the running peer before a deletion", () => {
    const history = [
      cs([server("a", "ingress-1"), server("b", "ingress-2")], "a"),
      cs([server("a", "ingress-1"), server("b", "ingress-2")], "b"),
      cs([server("a", "ingress-1", "changing", true), server("b", "ingress-2")], "b"),
      cs([server("b", "ingress-2")], "b"),
    ];
    expect(floatingIpGaps(history, FIPS)).toEqual([]);
  });

  it("rejects floating IPs left on a server being deleted, unassigned, or on a server not running", () => {
    const history = [
      cs([server("a", "ingress-1", "changing", true), server("b", "ingress-2")], "a"),
      cs([server("b", "ingress-2")], null),
      cs([server("c", "ingress-1", "changing"), server("b", "ingress-2")], "c"),
      cs([server("b", "ingress-2")], "gone"),
    ];
    const problems = floatingIpGaps(history, FIPS);
    expect(problems).toHaveLength(8);
    expect(problems[0]).toMatch(/192\.0\.2\.2 is on ingress-1, which is being deleted/);
    expect(problems[2]).toMatch(/is on no server/);
    expect(problems[4]).toMatch(/is on ingress-1, which is changing/);
    expect(problems[6]).toMatch(/which does not exist/);
  });
});

describe("elasticIpGaps", () => {
  type Instance = ExoMoment["instances"][number];
  const instance = (id: string, elasticIps: string[], healthy = true, state = "running"): Instance => ({ id, name: id, state, elasticIps, healthy, serving: healthy ? elasticIps : [] });
  const exo = (instances: Instance[]): ExoMoment => ({ seq: ++seq, at: seq, request: "TEST", instances, elasticIps: [{ id: "v4", managed: true }] });

  it("accepts one healthy attached instance at every moment", () => {
    expect(elasticIpGaps([exo([instance("a", ["v4"]), instance("b", ["v4"])]), exo([instance("b", ["v4"])]), exo([instance("c", ["v4"]), instance("b", ["v4"])])], ["v4"])).toEqual([]);
  });

  it("rejects a moment where the only attached instances are unhealthy or detached", () => {
    const problems = elasticIpGaps([exo([instance("a", ["v4"], false, "destroying"), instance("b", [])]), exo([])], ["v4", "v6"]);
    expect(problems.filter((p) => /v4 has no healthy instance/.test(p))).toHaveLength(2);
    expect(problems.filter((p) => /v6 does not exist/.test(p))).toHaveLength(2);
  });
});

describe("rollingProblems", () => {
  const old = new Set(["a", "b"]);
  const names = ["ingress-1", "ingress-2"];

  it("accepts host 2 going only after the new host 1 is up", () => {
    const history = cloudscaleMoments([
      cs([server("a", "ingress-1"), server("b", "ingress-2")], "a"),
      cs([server("a", "ingress-1", "changing", true), server("b", "ingress-2")], "b"),
      cs([server("b", "ingress-2")], "b"),
      cs([server("c", "ingress-1"), server("b", "ingress-2")], "b"),
      cs([server("c", "ingress-1"), server("b", "ingress-2", "changing", true)], "c"),
      cs([server("c", "ingress-1"), server("d", "ingress-2")], "c"),
    ]);
    expect(rollingProblems(history, names, old)).toEqual([]);
  });

  it("rejects both hosts going at once, and a host never replaced", () => {
    const history = cloudscaleMoments([
      cs([server("a", "ingress-1"), server("b", "ingress-2")], "a"),
      cs([server("a", "ingress-1", "changing", true), server("b", "ingress-2", "changing", true)], "a"),
      cs([server("c", "ingress-1")], "c"),
    ]);
    const problems = rollingProblems(history, names, old);
    expect(problems).toContainEqual(expect.stringMatching(/^ingress-2: its old host began to go at #\d+ .*, before the new ingress-1 was up/));
    expect(problems).toContain("ingress-2: no new host came up");
  });

  it("reads Exoscale's destroying instances as going", () => {
    const m = exoscaleMoments([{ seq: 1, at: 1, request: "DELETE /instance/a", instances: [{ id: "a", name: "i", state: "destroying", elasticIps: [], healthy: false, serving: [] }], elasticIps: [] }]);
    expect(m[0].hosts).toEqual([{ id: "a", name: "i", up: false, going: true }]);
  });
});

describe("replacementProblems", () => {
  const before = new Map([["i-1", "a"], ["i-2", "b"], ["n-1", "c"]]);
  it("is empty when exactly the replaced hosts got new ids", () => {
    expect(replacementProblems(before, new Map([["i-1", "x"], ["i-2", "y"], ["n-1", "c"]]), ["i-1", "i-2"], ["n-1"])).toEqual([]);
  });
  it("names a host left in place and a host replaced that should have stayed", () => {
    expect(replacementProblems(before, new Map([["i-1", "x"], ["i-2", "b"], ["n-1", "z"]]), ["i-1", "i-2"], ["n-1"])).toEqual([
      "i-2 was not replaced (id b)",
      "n-1 was replaced (c -> z)",
    ]);
  });
});
