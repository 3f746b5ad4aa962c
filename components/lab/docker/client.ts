// The Engine API of one lab node, through dockerode (loaded on first use, so
// programs that never touch the lab's Docker do not load it).
import type Dockerode from "dockerode";

export type Engine = Dockerode;

export function engineAt(socket: string): Engine {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Docker = require("dockerode") as typeof Dockerode;
  return new Docker({ socketPath: socket, timeout: 60_000 });
}

/** True when the engine answers `GET /_ping`. */
export async function engineAnswers(socket: string): Promise<boolean> {
  try {
    await engineAt(socket).ping();
    return true;
  } catch {
    return false;
  }
}

/** The Engine API's "no such ..." answer. */
export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number }).statusCode === 404;
}

/** Runs a command in a running container and returns its output (what `docker exec` does). */
export async function execIn(engine: Engine, container: string, cmd: string[]): Promise<{ exitCode: number; output: string }> {
  const exec = await engine.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, Tty: true });
  const stream = await exec.start({ hijack: true, stdin: false, Tty: true });
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve, reject) => {
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, output: Buffer.concat(chunks).toString("utf8").replace(/\r\n/g, "\n") };
}
