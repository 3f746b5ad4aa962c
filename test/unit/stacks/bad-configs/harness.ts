// Runs index.ts's stack program (runSelectedStack: config, plan, provider
// stack) on a raw stack config under Pulumi mocks, as `pulumi preview` would:
// every `dualstack:*` key as the engine hands it over (structured values as
// JSON text), secrets as secrets. Records every resource the program
// registers and every invoke; answers the AWS invokes the AWS stack makes.
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs } from "@pulumi/pulumi/runtime";
import { runSelectedStack } from "../../../../stacks";
import { withoutStackTraces } from "../../pulumi-program";

export interface PreviewRun {
  /** The error the program failed with, or undefined when it ran to the end. */
  error?: unknown;
  /** Resources the program registered (a failed preview must have none). */
  resources: { type: string; name: string }[];
}

const REGION = "eu-central-2";
const ZONES = ["eu-central-2a", "eu-central-2b", "eu-central-2c"];

function answer(args: MockCallArgs): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return { id: REGION, names: ZONES, zoneIds: ZONES.map((_, i) => `euc2-az${i + 1}`), state: "available" };
    case "aws:ec2/getInstanceType:getInstanceType":
      return { id: args.inputs.instanceType, instanceType: args.inputs.instanceType, ipv6Supported: true, supportedArchitectures: ["x86_64"] };
    case "aws:ec2/getAmi:getAmi":
      return { id: "ami-0f3a9c2b7d4e61a05", imageId: "ami-0f3a9c2b7d4e61a05", architecture: "x86_64" };
    default:
      throw new Error(`unexpected call ${args.token}`);
  }
}

/** The preview of `stack` with `config` (keys without the `dualstack:` namespace) and `secrets` (name -> value). */
export async function previewUnderMocks(stack: string, config: Record<string, unknown>, secrets: Record<string, string>): Promise<PreviewRun> {
  const resources: PreviewRun["resources"] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources.push({ type: args.type, name: args.name });
        return { id: undefined, state: {} };
      },
      call: answer,
    },
    "dualstack",
    stack,
    true,
  );
  const all: Record<string, string> = { "aws:region": REGION };
  for (const [key, value] of Object.entries({ ...config, ...secrets })) {
    if (value !== undefined) all[`dualstack:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  pulumi.runtime.setAllConfig(all, Object.keys(secrets).map((k) => `dualstack:${k}`));
  try {
    await withoutStackTraces(async () => {
      await runSelectedStack();
      await settle(resources);
    });
    return { resources };
  } catch (error) {
    await settle(resources);
    return { error, resources };
  }
}

async function settle(resources: unknown[]): Promise<void> {
  let seen = -1;
  while (seen !== resources.length) {
    seen = resources.length;
    await new Promise((r) => setTimeout(r, 20));
  }
}
