import type { StackConfig } from "./config";

/** What every provider composition receives: the validated config and where it runs. */
export interface StackContext {
  project: string;
  stack: string;
  config: StackConfig;
}

/** A provider composition; its result becomes the stack outputs. */
export type StackProgram = (ctx: StackContext) => Promise<Record<string, unknown>>;

/** Which checks of secrets run: all unless `secrets: false` (offline tools such as `npm run plan`, which see no secrets). */
export interface SecretChecks {
  secrets?: boolean;
}
