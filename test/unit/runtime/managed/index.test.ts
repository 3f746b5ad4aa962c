// Which managed Kubernetes each provider offers, as a preview validates
// `runtime: kubernetes` + `kubernetes.mode: managed`. Pure: no mocks needed.
import { InputError } from "../../../../components/runtime";
import { managedClusterKind, managedKindFor, ManagedProvider } from "../../../../components/runtime/managed";
import { PROVIDERS } from "../../../../stacks/config/schema";
import { thrownBy } from "../../../support/errors";

const errorOf = (fn: () => unknown): InputError => thrownBy(fn, InputError);

describe("managedClusterKind (pure)", () => {
  it.each([
    ["azure", "aks"],
    ["aws", "eks"],
    ["exoscale", "sks"],
  ] as const)("maps %s to %s", (provider, kind) => {
    expect(managedClusterKind(provider)).toBe(kind);
  });

  it("refuses cloudscale, naming kubernetes.mode and the fix", () => {
    const err = errorOf(() => managedClusterKind("cloudscale"));
    expect(err.key).toBe("kubernetes.mode");
    expect(err.message).toContain("cloudscale has no managed Kubernetes; use kubernetes.mode: self-managed");
  });

  it("refuses the local lab", () => {
    const err = errorOf(() => managedClusterKind("local"));
    expect(err.key).toBe("kubernetes.mode");
    expect(err.message).toContain("the local lab runs no Kubernetes");
  });

  it("knows every stack provider (the list in stacks/config/schema.ts)", () => {
    for (const provider of PROVIDERS) {
      let answer: unknown;
      try {
        answer = managedClusterKind(provider satisfies ManagedProvider);
      } catch (err) {
        answer = (err as InputError).key;
      }
      expect(["aks", "eks", "sks", "kubernetes.mode"]).toContain(answer);
    }
    expect(errorOf(() => managedClusterKind("gcp" as ManagedProvider)).key).toBe("provider");
  });
});

describe("managedKindFor (pure)", () => {
  it("asks only for runtime kubernetes with kubernetes.mode managed", () => {
    expect(managedKindFor({ provider: "cloudscale", runtime: "docker" })).toBeUndefined();
    expect(managedKindFor({ provider: "cloudscale", runtime: "kubernetes", kubernetes: { mode: "self-managed" } })).toBeUndefined();
    expect(managedKindFor({ provider: "cloudscale", runtime: "kubernetes" })).toBeUndefined();
    expect(managedKindFor({ provider: "azure", runtime: "kubernetes", kubernetes: { mode: "managed" } })).toBe("aks");
    expect(managedKindFor({ provider: "aws", runtime: "kubernetes", kubernetes: { mode: "managed" } })).toBe("eks");
    expect(() => managedKindFor({ provider: "cloudscale", runtime: "kubernetes", kubernetes: { mode: "managed" } })).toThrow(/cloudscale has no managed Kubernetes/);
    expect(() => managedKindFor({ provider: "local", runtime: "kubernetes", kubernetes: { mode: "managed" } })).toThrow(/local lab runs no Kubernetes/);
  });
});
