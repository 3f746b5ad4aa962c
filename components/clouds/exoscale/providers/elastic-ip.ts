// exoscale:ElasticIp — an IPv4 or IPv6 elastic IP. With a healthcheck it is
// "managed": attached to several instances, it is served by the healthy ones,
// which is how dual-stack ingress fails over on Exoscale (the NLB is IPv4 only).
import type { ExoscaleClient } from "../client";
import { ADDRESS_FAMILIES, AddressFamily } from "../zones";
import { exoscaleProvider } from "../provider";
import { LABEL_ID } from "./instance";
import { checkInt, checkName, checkOneOf, checkZone, failure, Failure } from "../validate";

export interface Healthcheck {
  mode: "tcp" | "http" | "https";
  port: number;
  uri?: string;
  interval: number;
  timeout: number;
  strikesOk: number;
  strikesFail: number;
}

export interface ElasticIpInputs {
  zone: string;
  addressFamily: AddressFamily;
  description?: string;
  healthcheck?: Healthcheck;
  labels?: Record<string, string>;
}

export interface ElasticIpOutputs extends ElasticIpInputs {
  ip: string;
  cidr: string;
}

interface ApiHealthcheck {
  mode: Healthcheck["mode"];
  port: number;
  uri?: string;
  interval?: number;
  timeout?: number;
  "strikes-ok"?: number;
  "strikes-fail"?: number;
}

interface ApiElasticIp {
  id: string;
  ip: string;
  cidr?: string;
  addressfamily?: AddressFamily;
  description?: string;
  healthcheck?: ApiHealthcheck;
  labels?: Record<string, string>;
}

/** The API's defaults, filled in so that diffs against read-back state are stable. */
export const HEALTHCHECK_DEFAULTS = { interval: 10, timeout: 2, strikesOk: 2, strikesFail: 3 };

export function validateElasticIp(e: ElasticIpInputs): Failure[] {
  const f = [...checkZone(e.zone), ...checkOneOf("addressFamily", e.addressFamily, ADDRESS_FAMILIES)];
  if (e.description !== undefined) f.push(...checkName("description", e.description));
  const h = e.healthcheck;
  if (h) {
    f.push(
      ...checkOneOf("healthcheck.mode", h.mode, ["tcp", "http", "https"]),
      ...checkInt("healthcheck.port", h.port, 1, 65535),
      ...checkInt("healthcheck.interval", h.interval, 5, 300),
      ...checkInt("healthcheck.timeout", h.timeout, 2, 60),
      ...checkInt("healthcheck.strikesOk", h.strikesOk, 1, 20),
      ...checkInt("healthcheck.strikesFail", h.strikesFail, 1, 20),
    );
    if (h.mode === "tcp" && h.uri !== undefined) f.push(failure("healthcheck.uri", h.uri, "a tcp healthcheck has no uri; use mode http or https"));
    if ((h.mode === "http" || h.mode === "https") && h.uri !== undefined && !/^\/.{0,254}$/.test(h.uri)) {
      f.push(failure("healthcheck.uri", h.uri, 'expected a path such as "/healthz"'));
    }
    if (typeof h.timeout === "number" && typeof h.interval === "number" && h.timeout >= h.interval) {
      f.push(failure("healthcheck.timeout", h.timeout, `expected less than healthcheck.interval (${h.interval})`));
    }
  }
  return f;
}

function apiHealthcheck(h: Healthcheck): ApiHealthcheck {
  return {
    mode: h.mode,
    port: h.port,
    ...(h.uri ? { uri: h.uri } : {}),
    interval: h.interval,
    timeout: h.timeout,
    "strikes-ok": h.strikesOk,
    "strikes-fail": h.strikesFail,
  };
}

function toOutputs(a: ApiElasticIp, zone: string): ElasticIpOutputs {
  const o: ElasticIpOutputs = { zone, addressFamily: a.addressfamily ?? "inet4", ip: a.ip, cidr: a.cidr ?? "" };
  if (a.description) o.description = a.description;
  const h = a.healthcheck;
  if (h) {
    o.healthcheck = {
      mode: h.mode,
      port: h.port,
      ...(h.uri ? { uri: h.uri } : {}),
      interval: h.interval ?? HEALTHCHECK_DEFAULTS.interval,
      timeout: h.timeout ?? HEALTHCHECK_DEFAULTS.timeout,
      strikesOk: h["strikes-ok"] ?? HEALTHCHECK_DEFAULTS.strikesOk,
      strikesFail: h["strikes-fail"] ?? HEALTHCHECK_DEFAULTS.strikesFail,
    };
  }
  if (a.labels && Object.keys(a.labels).length) o.labels = a.labels;
  return o;
}

async function findByLabel(c: ExoscaleClient, labels?: Record<string, string>): Promise<string | undefined> {
  const id = labels?.[LABEL_ID];
  if (!id) return undefined;
  return (await c.list<ApiElasticIp>("/elastic-ip", "elastic-ips")).find((e) => e.labels?.[LABEL_ID] === id)?.id;
}

export const provider = exoscaleProvider<ElasticIpInputs, ElasticIpOutputs>({
  type: "ElasticIp",
  inputKeys: ["zone", "addressFamily", "description", "healthcheck", "labels"],
  replaceKeys: ["zone", "addressFamily"],
  defaults: (e) => (e.healthcheck ? { ...e, healthcheck: { ...HEALTHCHECK_DEFAULTS, ...e.healthcheck } } : e),
  validate: validateElasticIp,
  zone: (e) => e.zone,
  // Managed (healthchecked) and unmanaged EIPs are different animals: switching replaces.
  replaces: (olds, news) => (!!olds.healthcheck !== !!news.healthcheck ? ["healthcheck"] : []),

  async create(c, e) {
    const body = {
      addressfamily: e.addressFamily,
      ...(e.description ? { description: e.description } : {}),
      ...(e.healthcheck ? { healthcheck: apiHealthcheck(e.healthcheck) } : {}),
      ...(e.labels ? { labels: e.labels } : {}),
    };
    const id = await c.create("/elastic-ip", body, () => findByLabel(c, e.labels));
    const a = await c.get<ApiElasticIp>(`/elastic-ip/${id}`);
    return { id, outs: { ...e, ip: a.ip, cidr: a.cidr ?? "" } };
  },

  async read(c, id, props) {
    const a = await c.find<ApiElasticIp>(`/elastic-ip/${id}`);
    return a && toOutputs(a, props.zone);
  },

  async update(c, id, olds, news) {
    await c.mutate("PUT", `/elastic-ip/${id}`, {
      description: news.description ?? "",
      ...(news.healthcheck ? { healthcheck: apiHealthcheck(news.healthcheck) } : {}),
      labels: news.labels ?? {},
    });
    return { ...news, ip: olds.ip, cidr: olds.cidr };
  },

  async delete(c, id) {
    await c.remove(`/elastic-ip/${id}`);
  },
});
