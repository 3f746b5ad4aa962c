// Pulumi mocks for the composition tests: every resource is registered as
// given, and its "<type>::<name>" recorded.
import * as pulumi from "@pulumi/pulumi";

/** Installs the mocks (in a beforeAll) and returns the list they record into. */
export function recordRegistrations(): string[] {
  const registered: string[] = [];
  beforeAll(() =>
    pulumi.runtime.setMocks(
      {
        newResource(args) {
          registered.push(`${args.type}::${args.name}`);
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
      },
      "dualstack",
      "test",
      false,
    ),
  );
  return registered;
}
