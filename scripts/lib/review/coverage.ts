// "endpoints dual-stack: N/M" from a preview's resources, with the pack's own
// endpoint model (policies/rules/endpoints.ts), so the review and the rules
// agree on what an endpoint and its families are.
import { coverage, endpointsOf, type Endpoint } from "../../../policies/rules/endpoints";
import { exemption, readExceptions } from "../../../policies/lib/exceptions";
import { unwrapProps } from "../../../policies/lib/props";
import type { PreviewStep } from "./preview";

const DEFAULT_EXCEPTIONS = readExceptions({});

/** The endpoints the stack will have after the update (deleted ones excluded). */
export function endpointsAfter(steps: readonly PreviewStep[]): Endpoint[] {
  const resources = steps
    .filter((s) => s.newState && s.op !== "delete" && s.op !== "delete-replaced")
    .map((s) => {
      const st = s.newState!;
      // Unknown values appear as the engine's sentinel strings: unwrapProps maps them to UNKNOWN.
      const props = unwrapProps(st.inputs ?? {});
      return {
        urn: st.urn,
        type: st.type,
        name: s.urn.slice(s.urn.lastIndexOf("::") + 2),
        props,
        parent: st.parent,
        propertyDependencies: st.propertyDependencies ?? {},
        // Only to label them in the summary (by the default reason tag); they still count as not dual-stack.
        exempt: exemption(st.urn, props, DEFAULT_EXCEPTIONS) !== undefined,
      };
    });
  return endpointsOf(resources);
}

export function endpointCoverage(steps: readonly PreviewStep[]): ReturnType<typeof coverage> {
  return coverage(endpointsAfter(steps));
}
