// HTTP probes run from inside a lab namespace with curl (so the request really
// leaves from the client host), parsed from the demo app's answer.
import { nsExec } from "../linux";

export interface ProbeResult {
  url: string;
  ok: boolean;
  /** Node name the demo app reported. */
  node?: string;
  /** On Kubernetes: the pod that answered. */
  pod?: string;
  /** Client address and family as the answering app saw them. */
  client?: string;
  family?: string;
  latencyMs?: number;
  error?: string;
}

/** The demo app's text answer: `node=<n> client=<a> family=<f> via=<x>`; on Kubernetes `<n>` is `<node>/<pod>`. */
export function parseDemoAnswer(text: string): { node?: string; client?: string; family?: string; via?: string; pod?: string } {
  const fields = Object.fromEntries(
    text
      .trim()
      .split(/\s+/)
      .map((kv) => kv.split("="))
      .filter((kv) => kv.length === 2),
  );
  const [node, pod] = (fields.node ?? "").split("/");
  return { node: fields.node === undefined ? undefined : node, client: fields.client, family: fields.family, via: fields.via, ...(pod ? { pod } : {}) };
}

export async function probe(namespace: string, url: string, timeoutSeconds = 2): Promise<ProbeResult> {
  try {
    const { stdout } = await nsExec(
      namespace,
      "curl",
      ["-sS", "--noproxy", "*", "--max-time", String(timeoutSeconds), "-w", "\n%{time_total}", url],
      { timeoutMs: (timeoutSeconds + 2) * 1000 },
    );
    const lines = stdout.trimEnd().split("\n");
    const latencyMs = Math.round(Number(lines.pop()) * 1000 * 10) / 10;
    const answer = parseDemoAnswer(lines.join("\n"));
    return { url, ok: Boolean(answer.node), ...answer, latencyMs };
  } catch (err) {
    return { url, ok: false, error: (err as Error).message.split("\n")[0] };
  }
}

/** URL for an address of either family. */
export function urlFor(address: string, port: number, path = "/"): string {
  const host = address.includes(":") ? `[${address}]` : address;
  return port === 80 ? `http://${host}${path}` : `http://${host}:${port}${path}`;
}
