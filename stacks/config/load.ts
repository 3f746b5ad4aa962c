// Reads the raw `dualstack:*` config, either from the running Pulumi program
// or straight from Pulumi.<stack>.yaml (offline tools such as `npm run plan`).
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parseDocument } from "yaml";
import { PLAIN_CONFIG_KEYS, SECRET_CONFIG_KEYS } from "./schema";

const NAMESPACE = "dualstack";

/** Stand-in for values of keys we do not know: they might be secrets. */
const HIDDEN = "(hidden)";

/**
 * The program's config under `dualstack:`. Only known plain keys carry their
 * value; any other key (a typo, or a secret read by a stack through
 * `config.requireSecret`) is passed on by name only, so no secret leaks into
 * an error message.
 */
export function rawConfigFromProgram(): Record<string, unknown> {
  const secretKeys: readonly string[] = SECRET_CONFIG_KEYS;
  const raw: Record<string, unknown> = {};
  for (const [fullKey, text] of Object.entries(pulumi.runtime.allConfig())) {
    const [namespace, key] = splitKey(fullKey);
    if (namespace !== NAMESPACE || secretKeys.includes(key)) continue;
    raw[key] = PLAIN_CONFIG_KEYS.includes(key) ? decodeValue(text) : HIDDEN;
  }
  return raw;
}

/** Config from a checked-in stack file, for tools that run without the engine. */
export function rawConfigFromStackFile(repoRoot: string, stack: string, file = path.join(repoRoot, `Pulumi.${stack}.yaml`)): Record<string, unknown> {
  if (!fs.existsSync(file)) {
    const known = fs
      .readdirSync(repoRoot)
      .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
      .map((f) => f.replace(/^Pulumi\.|\.yaml$/g, ""));
    throw new Error(`stack "${stack}": no ${path.basename(file)}; stacks with a config file: ${known.join(", ")}`);
  }
  const parsed = parseDocument(fs.readFileSync(file, "utf8"), { uniqueKeys: true });
  if (parsed.errors.length) {
    // Named like the wrapper's check (scripts/lib/stack-file.js): file, line and column.
    const where = (e: (typeof parsed.errors)[number]) => `${path.basename(file)}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}`;
    throw new Error(parsed.errors.map((e) => `${where(e)}: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`).join("\n"));
  }
  const doc = (parsed.toJS() ?? {}) as { config?: Record<string, unknown> };
  const raw: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(doc.config ?? {})) {
    const [namespace, key] = splitKey(fullKey);
    const isSecret = value !== null && typeof value === "object" && "secure" in value;
    if (namespace === NAMESPACE && !isSecret) raw[key] = value;
  }
  return raw;
}

function splitKey(fullKey: string): [string, string] {
  const i = fullKey.indexOf(":");
  return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}

/** The engine hands structured values over as JSON text; scalars stay strings. */
function decodeValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}
