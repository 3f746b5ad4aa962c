// cloudscale:LoadBalancerHealthMonitor — checks a pool's members. Timings,
// thresholds and http settings update in place; pool and type replace.
import { type ApiObject, type Stub, readTags } from "../client";
import { clean } from "../../../dynamic";
import { changed, type Json, restProvider, type Tagged } from "../provider";
import { loadBalancerOfPool } from "../lb-parts";

export interface HealthMonitorHttp {
  expectedCodes?: string[];
  method?: string;
  urlPath?: string;
  version?: string;
  host?: string;
}

export interface HealthMonitorInputs extends Tagged {
  pool: string;
  delayS: number;
  timeoutS: number;
  upThreshold: number;
  downThreshold: number;
  type: "ping" | "tcp" | "http" | "https" | "tls-hello";
  /** Only for type http/https. */
  http?: HealthMonitorHttp;
}

export interface HealthMonitorOutputs extends HealthMonitorInputs {
  uuid: string;
  loadBalancer: string;
}

interface ApiHealthMonitor extends ApiObject {
  pool: Stub;
  load_balancer: Stub;
  delay_s: number;
  timeout_s: number;
  up_threshold: number;
  down_threshold: number;
  type: HealthMonitorInputs["type"];
  http: { expected_codes: string[]; method: string; url_path: string; version: string; host: string | null } | null;
}

const httpBody = (h: HealthMonitorHttp | undefined) =>
  h && { expected_codes: h.expectedCodes, method: h.method, url_path: h.urlPath, version: h.version, host: h.host };

export const provider = restProvider<HealthMonitorInputs, ApiHealthMonitor, HealthMonitorOutputs>({
  type: "LoadBalancerHealthMonitor",
  collection: () => "/load-balancers/health-monitors",
  inputKeys: ["idTag", "pool", "delayS", "timeoutS", "upThreshold", "downThreshold", "type", "http", "tags"],
  replace: ["pool", "type"],
  update: ["delayS", "timeoutS", "upThreshold", "downThreshold", "http"],
  validate(c, i) {
    c.string("pool", { what: "a pool uuid" });
    c.integer("delayS", { min: 1 });
    c.integer("timeoutS", { min: 1 });
    c.integer("upThreshold", { min: 1, max: 10 });
    c.integer("downThreshold", { min: 1, max: 10 });
    c.oneOf("type", ["ping", "tcp", "http", "https", "tls-hello"]);
    if (i.http !== undefined && i.type !== "http" && i.type !== "https") c.fail("http", "is only for type http or https");
    if (typeof i.delayS === "number" && typeof i.timeoutS === "number" && i.timeoutS > i.delayS) {
      c.fail("timeoutS", `must not exceed delayS (${i.delayS})`);
    }
  },
  body: (i) => ({
    pool: i.pool,
    delay_s: i.delayS,
    timeout_s: i.timeoutS,
    up_threshold: i.upThreshold,
    down_threshold: i.downThreshold,
    type: i.type,
    http: httpBody(i.http),
  }),
  patch: (o, n) => {
    const body = changed(o, n, { delayS: "delay_s", timeoutS: "timeout_s", upThreshold: "up_threshold", downThreshold: "down_threshold" });
    // Only the http fields that changed (each is a PATCH of its own, see onePerPatch); a host removed is null.
    if (n.http) {
      const before: Json = clean(httpBody(o.http) ?? {});
      const after: Json = clean(httpBody(n.http)!);
      const http: Json = {};
      for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
        if (JSON.stringify(before[k] ?? null) === JSON.stringify(after[k] ?? null)) continue;
        if (after[k] !== undefined) http[k] = after[k];
        else if (k === "host") http[k] = null;
      }
      if (Object.keys(http).length > 0) body.http = http;
    }
    return body;
  },
  outputs: (i, a) => ({ ...i, uuid: a.uuid, loadBalancer: a.load_balancer.uuid }),
  fromApi: (p, a) => ({
    ...p,
    pool: a.pool.uuid,
    delayS: a.delay_s,
    timeoutS: a.timeout_s,
    upThreshold: a.up_threshold,
    downThreshold: a.down_threshold,
    type: a.type,
    tags: readTags(p.tags, a.tags),
  }),
  loadBalancer: (i) => loadBalancerOfPool(i.pool, (i as Partial<HealthMonitorOutputs>).loadBalancer),
});
