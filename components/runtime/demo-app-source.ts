// Reads the demo app's source from the repo. The one runtime module with I/O:
// callers read it once and hand the text to the pure renderers.
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** apps/demo-app/server.js, from the repo root. */
export const DEMO_APP_SOURCE_PATH = path.resolve(__dirname, "../../apps/demo-app/server.js");

export function loadDemoAppSource(file: string = DEMO_APP_SOURCE_PATH): string {
  return readFileSync(file, "utf8");
}
