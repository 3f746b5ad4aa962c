// Turns pure rules (plain props in, problem messages out) into CrossGuard
// policies: type filtering, the unknown-safe props copy, exceptions, and
// the config schema every rule shares. No rule touches @pulumi/policy itself.
import type {
  EnforcementLevel,
  PolicyResource,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { exceptionsSchema, exemption, readExceptions } from "./exceptions";
import { type Props, unwrapProps } from "./props";

interface RuleBase {
  /** kebab-case, cloud first: what operators put in the pack config. */
  name: string;
  /** One line: what the rule wants and WHY (shown with every violation). */
  description: string;
  /** Resource type tokens the rule looks at. */
  types: readonly string[];
  /** Defaults to the pack's (mandatory). */
  enforcementLevel?: EnforcementLevel;
}

export interface ResourceRule extends RuleBase {
  /** Problems with one resource; empty = compliant. Never throws on odd or unknown input. */
  check(props: Props, name: string, type: string): string[];
}

/** A resource as stack rules see it: plain props plus the URNs it depends on. */
export interface PlainResource {
  urn: string;
  type: string;
  name: string;
  props: Props;
  parent?: string;
  /** Property name -> URNs of the resources that property's value came from. */
  propertyDependencies: Record<string, string[]>;
  /** Exempt by the rule's exceptions: never reported, never in need of a counterpart. */
  exempt: boolean;
}

export interface Finding {
  urn: string;
  message: string;
}

export interface StackRule extends RuleBase {
  /** Problems across the stack; gets only resources of `types`. */
  check(resources: readonly PlainResource[]): Finding[];
}

/** A CrossGuard resource policy, and its rule (tests and the bench call either). */
export type DualstackResourcePolicy = ResourceValidationPolicy & { validateResource: ResourceValidation; rule: ResourceRule; types: ReadonlySet<string> };
export type DualstackStackPolicy = StackValidationPolicy & { rule: StackRule; types: ReadonlySet<string> };

/** What every policy carries: the rule's name, text and level, the exceptions schema, and the types it looks at. */
function policyBase<R extends ResourceRule | StackRule>(rule: R) {
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    configSchema: exceptionsSchema,
    rule,
    types: new Set<string>(rule.types),
  };
}

export function resourcePolicy(rule: ResourceRule): DualstackResourcePolicy {
  const base = policyBase(rule);
  const { types } = base;
  return {
    ...base,
    validateResource: (args: ResourceValidationArgs, reportViolation) => {
      if (!types.has(args.type)) return;
      const props = unwrapProps(args.props);
      if (exemption(args.urn, props, readExceptions(args.getConfig())) !== undefined) return;
      for (const message of rule.check(props, args.name, args.type)) reportViolation(message);
    },
  };
}

export function stackPolicy(rule: StackRule): DualstackStackPolicy {
  const base = policyBase(rule);
  const { types } = base;
  return {
    ...base,
    validateStack: (args: StackValidationArgs, reportViolation) => {
      const ex = readExceptions(args.getConfig());
      const resources = args.resources.filter((r) => types.has(r.type)).map((r) => toPlain(r, ex));
      if (resources.length === 0) return;
      const exempt = new Set(resources.filter((r) => r.exempt).map((r) => r.urn));
      for (const f of rule.check(resources)) if (!exempt.has(f.urn)) reportViolation(f.message, f.urn);
    },
  };
}

function toPlain(r: PolicyResource, ex: ReturnType<typeof readExceptions>): PlainResource {
  const props = unwrapProps(r.props);
  const propertyDependencies: Record<string, string[]> = {};
  for (const [k, deps] of Object.entries(r.propertyDependencies ?? {})) propertyDependencies[k] = deps.map((d) => d.urn);
  return {
    urn: r.urn,
    type: r.type,
    name: r.name,
    props,
    parent: r.parent?.urn,
    propertyDependencies,
    exempt: exemption(r.urn, props, ex) !== undefined,
  };
}
