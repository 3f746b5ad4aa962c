// Pulumi entry point: one project, the provider picked by stack config.
import { runSelectedStack } from "./stacks";

export = runSelectedStack();
