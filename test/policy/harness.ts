// Calls the pack's policies directly, the way the CrossGuard server does
// (props behind @pulumi/policy's own unknown-checking proxy, config through
// getConfig), and collects what they report. No PolicyPack is built: that
// would start the gRPC server.
import type { PolicyResource, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import { allPolicies, resourcePolicies, stackPolicies } from "../../policies/all";

// The SDK's proxy is not in its typings; it is what makes unknowns throw on read.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkProxy = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T extends object>(o: T): T };

/** How the engine sends an unknown (computed during preview) string value. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Violation {
  policy: string;
  message: string;
  urn?: string;
}

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
export type Props = Record<string, Json>;

export const STACK = "ptest";
export const urnOf = (type: string, name: string): string => `urn:pulumi:${STACK}::dualstack::${type}::${name}`;

function policyNamed(name: string) {
  const p = allPolicies.find((x) => x.name === name);
  if (!p) throw new Error(`no policy ${name}`);
  return p;
}

const stubs = {
  opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
  stackTags: new Map<string, string>(),
  isType: () => false,
  asType: () => undefined,
  notApplicable: (reason?: string): never => {
    throw new Error(`notApplicable: ${reason}`);
  },
};

export interface ResourceRun {
  type: string;
  props: Props;
  name?: string;
  /** The rule's pack config (what `getConfig()` returns), e.g. `{ exceptions: { urns: [...] } }`. */
  config?: object;
}

/** Runs one resource policy on one resource; returns its violations. */
export async function runResource(policy: string, run: ResourceRun): Promise<Violation[]> {
  const p = policyNamed(policy);
  if (!("validateResource" in p) || typeof p.validateResource !== "function") throw new Error(`${policy} is not a resource policy`);
  const name = run.name ?? "res";
  const urn = urnOf(run.type, name);
  const out: Violation[] = [];
  const args: ResourceValidationArgs = {
    ...stubs,
    type: run.type,
    name,
    urn,
    props: sdkProxy.unknownCheckingProxy(structuredClone(run.props)),
    getConfig: <T extends object>() => (run.config ?? {}) as T,
  };
  await p.validateResource(args, (message, u) => out.push({ policy, message, urn: u ?? urn }));
  return out;
}

export interface FakeResource {
  type: string;
  name: string;
  props: Props;
  /** Name of the parent component (only its URN matters). */
  parent?: string;
  /** Property -> names of the resources its value came from (the engine's property dependencies). */
  deps?: Record<string, string[]>;
}

/** Runs one stack policy over fake resources; violations carry the reported URN. */
export async function runStack(policy: string, resources: FakeResource[], config?: object): Promise<Violation[]> {
  const p = policyNamed(policy);
  if (!("validateStack" in p)) throw new Error(`${policy} is not a stack policy`);
  const byName = new Map<string, PolicyResource>();
  const made = resources.map((r) => {
    const pr: PolicyResource = {
      ...stubs,
      type: r.type,
      name: r.name,
      urn: urnOf(r.type, r.name),
      props: sdkProxy.unknownCheckingProxy(structuredClone(r.props)),
      dependencies: [],
      propertyDependencies: {},
    };
    byName.set(r.name, pr);
    return pr;
  });
  resources.forEach((r, i) => {
    if (r.parent) made[i].parent = byName.get(r.parent) ?? ({ urn: urnOf("dualstack:test:Component", r.parent) } as PolicyResource);
    for (const [prop, names] of Object.entries(r.deps ?? {})) {
      made[i].propertyDependencies[prop] = names.map((n) => {
        const d = byName.get(n);
        if (!d) throw new Error(`dependency ${n} is not among the resources`);
        return d;
      });
    }
  });
  const out: Violation[] = [];
  const args: StackValidationArgs = {
    resources: made,
    stackTags: stubs.stackTags,
    notApplicable: stubs.notApplicable,
    getConfig: <T extends object>() => (config ?? {}) as T,
  };
  await p.validateStack(args, (message, urn) => out.push({ policy, message, urn }));
  return out;
}

/** Replaces every leaf of a JSON value with UNKNOWN_VALUE (a preview where everything is computed). */
export function allUnknown(v: Json): Json {
  if (Array.isArray(v)) return v.map(allUnknown);
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, allUnknown(x)]));
  return UNKNOWN_VALUE;
}

export const policyNames = {
  resource: resourcePolicies.map((p) => p.name),
  stack: stackPolicies.map((p) => p.name),
};
