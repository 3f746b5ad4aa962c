// Pulumi entry point: one project, the provider picked by stack config.
import { runSelectedStack } from "./stacks";

const outputs = runSelectedStack();
// Pulumi awaits `outputs` and reports a failure itself; this early handler
// only keeps Node from warning that the rejection was handled "late".
outputs.catch(() => undefined);

export = outputs;
