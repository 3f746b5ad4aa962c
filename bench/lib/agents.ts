// Runs the plain-JS helpers (prober.js, vipwatch.js) inside lab namespaces and
// collects their JSON lines. They stop when their stdin closes, so a crash of
// the bench takes them down too.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { FAMILIES, type Family } from "../../components/addressing";
import { sleep } from "../../components/lab/linux";

export { FAMILIES, type Family };


/** One prober attempt (see prober.js). */
export interface ProbeSample {
  /** Epoch ms at the start of the attempt. */
  t: number;
  /** Duration in ms. */
  d: number;
  family: Family;
  ok: boolean;
  node?: string;
  /** Address the node saw: the ingress host that proxied. */
  client?: string;
  err?: string;
}

/** A change of the VIPs one ingress host holds (see vipwatch.js). */
export interface VipChange {
  t: number;
  ipv4: boolean;
  ipv6: boolean;
}

/** A helper script running in a namespace, handing each parsed stdout line to `onLine`. */
export class Agent<T> {
  private readonly child: ChildProcess;
  private stderr = "";
  private readonly exited: Promise<void>;

  constructor(ns: string, script: string, args: string[], onLine: (value: T) => void) {
    const file = path.join(__dirname, script);
    this.child = spawn("ip", ["netns", "exec", ns, process.execPath, file, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    this.exited = new Promise((resolve) => this.child.once("close", () => resolve()));
    this.child.stderr?.on("data", (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-2000)));
    createInterface({ input: this.child.stdout! }).on("line", (line) => {
      try {
        onLine(JSON.parse(line) as T);
      } catch {
        this.stderr += `unparsable line: ${line}\n`;
      }
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get errors(): string {
    return this.stderr;
  }

  /** Closes stdin (the agent's stop signal); SIGKILL if it has not exited after 3 s. */
  async stop(): Promise<void> {
    this.child.stdin?.end();
    const gone = await Promise.race([this.exited.then(() => true), sleep(3000).then(() => false)]);
    if (!gone) {
      this.child.kill("SIGKILL");
      await this.exited;
    }
  }
}
