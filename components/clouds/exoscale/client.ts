// The Exoscale v2 client the providers use: one ApiClient per zone (base
// https://api-<zone>.exoscale.com/v2 unless overridden), every request signed
// per attempt (the signature covers the exact path, query and body, and
// expires), and mutations followed to the end of their async operation.
import { ApiClient, ApiError, createOrAdopt, DEFAULT_TIMEOUT_MS, RetryPolicy, sleep, unlessGone } from "../http";
import { ExoscaleCredentials, signRequest } from "./signer";
import { zoneBaseUrl } from "./zones";

export interface Operation {
  id: string;
  state: "pending" | "success" | "failure" | "timeout";
  reason?: string;
  message?: string;
  reference?: { id?: string; link?: string; command?: string };
}

export interface PollPolicy {
  /** Upper bound on polls of one operation (the loop is always bounded). */
  maxPolls: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Overall deadline for one operation. */
  timeoutMs: number;
}

export const DEFAULT_POLL: PollPolicy = { maxPolls: 600, initialDelayMs: 250, maxDelayMs: 5_000, timeoutMs: 20 * 60_000 };

export interface ExoscaleClientOptions {
  credentials: ExoscaleCredentials;
  zone: string;
  /** Overrides the zone's base URL (the fake API, a proxy). */
  apiUrl?: string;
  retry?: Partial<RetryPolicy>;
  poll?: Partial<PollPolicy>;
  timeoutMs?: number;
}

/** An operation that ended in failure or timeout (or never ended): phrased like ApiError, never retried. */
export class OperationError extends ApiError {
  constructor(method: string, path: string, readonly operation: Pick<Operation, "id" | "state" | "reason" | "message">) {
    const detail = [operation.state, operation.reason && `(${operation.reason})`, operation.message].filter(Boolean).join(" ");
    super("exoscale", method, path, undefined, `operation ${operation.id} ${detail}`, false);
    this.message = `exoscale API ${method} ${path}: operation ${operation.id} ${detail}`;
    this.name = "OperationError";
  }
}

export class ExoscaleClient {
  readonly http: ApiClient;
  readonly zone: string;
  private readonly poll: PollPolicy;
  private readonly retry?: Partial<RetryPolicy>;
  private readonly timeoutMs: number;

  constructor(options: ExoscaleClientOptions) {
    const { credentials } = options;
    this.zone = options.zone;
    this.poll = { ...DEFAULT_POLL, ...options.poll };
    this.retry = options.retry;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.http = new ApiClient({
      api: "exoscale",
      baseUrl: options.apiUrl ?? zoneBaseUrl(options.zone),
      // Signed per attempt: a retry gets a fresh expiry.
      authorize: (req) => ({ authorization: signRequest(req, credentials) }),
      retry: options.retry,
      timeoutMs: options.timeoutMs,
    });
  }

  async get<T>(path: string, query?: Record<string, string>): Promise<T> {
    return (await this.http.request<T>({ method: "GET", path, query })).body;
  }

  /** GET that maps 404 to undefined. */
  find<T>(path: string): Promise<T | undefined> {
    return unlessGone(this.get<T>(path));
  }

  /** A wrapped list: GET /instance -> {"instances": [...]}. */
  async list<T>(path: string, key: string): Promise<T[]> {
    const body = await this.get<Record<string, unknown>>(path);
    const items = body?.[key];
    return Array.isArray(items) ? (items as T[]) : [];
  }

  /**
   * A mutation and its operation, to the end. Returns the operation's
   * reference id. PUT/DELETE are retried by the ApiClient; a POST only through
   * createOrAdopt.
   */
  async mutate(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<string | undefined> {
    const { body: op } = await this.http.request<Operation>({ method, path, body });
    const done = await this.waitFor(op, method, path);
    return done.reference?.id;
  }

  /** DELETE that treats 404 as already gone. */
  async remove(path: string): Promise<void> {
    await unlessGone(this.mutate("DELETE", path));
  }

  /**
   * Creates exactly once: the POST alone is inside createOrAdopt (if it fails
   * in a way that may have created the resource anyway, look it up with
   * `find` before trying again). Once the API has answered with an operation
   * the create was accepted: waiting for that operation is outside the retry,
   * so a failed or timed-out poll never sends the POST a second time.
   */
  async create(path: string, body: unknown, find: () => Promise<string | undefined>): Promise<string> {
    const created = await createOrAdopt<{ op: Operation } | { id: string }>({
      create: async () => ({ op: (await this.http.request<Operation>({ method: "POST", path, body })).body }),
      find: async () => {
        const id = await find();
        return id === undefined ? undefined : { id };
      },
      retry: this.retry,
      settleMs: this.timeoutMs,
    });
    if ("id" in created) return created.id;
    const id = (await this.waitFor(created.op, "POST", path)).reference?.id;
    if (!id) throw new ApiError("exoscale", "POST", path, undefined, "operation succeeded without a reference id", false);
    return id;
  }

  /** Polls GET /operation/<id> until it is no longer pending (bounded, with backoff). */
  async waitFor(op: Operation, method: string, path: string): Promise<Operation> {
    const deadline = Date.now() + this.poll.timeoutMs;
    let delay = this.poll.initialDelayMs;
    let current = op;
    for (let polls = 0; current.state === "pending"; polls++) {
      if (polls >= this.poll.maxPolls || Date.now() >= deadline) {
        throw new OperationError(method, path, { ...current, state: "timeout", message: "still pending, gave up waiting" });
      }
      await sleep(delay);
      delay = Math.min(delay * 2, this.poll.maxDelayMs);
      current = await this.get<Operation>(`/operation/${current.id}`);
    }
    if (current.state !== "success") throw new OperationError(method, path, current);
    return current;
  }

  /** Polls `read` until `done` holds (bounded like operations). */
  async waitUntil<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + this.poll.timeoutMs;
    let delay = this.poll.initialDelayMs;
    for (let polls = 0; ; polls++) {
      const value = await read();
      if (done(value)) return value;
      if (polls >= this.poll.maxPolls || Date.now() >= deadline) {
        throw new ApiError("exoscale", "GET", what, undefined, "gave up waiting for the expected state", false);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, this.poll.maxDelayMs);
    }
  }
}
