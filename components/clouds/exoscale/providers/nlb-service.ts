// exoscale:NlbService — exists to refuse at preview: Exoscale's network load
// balancer has an IPv4 VIP only, so it cannot be a dual-stack ingress. The
// project does not manage NLBs at all; its Exoscale ingress is managed elastic
// IPs (inet4 + inet6) with health checks (see elastic-ip.ts). check() fails
// for every NlbService, naming why, so nothing half-made ever reaches create.
import { crudProvider } from "../../../dynamic";
import { configure } from "../provider";
import { checkInt, checkName, checkOneOf, checkZone, type Failure } from "../validate";

export interface NlbServiceInputs {
  zone: string;
  name: string;
  /** Address family of the VIP the service should listen on. */
  addressFamily: "inet4" | "inet6";
  /** Optional explicit VIP; an IPv6 literal is refused like addressFamily inet6. */
  vip?: string;
  protocol: "tcp" | "udp";
  port: number;
  targetPort: number;
}

export const NLB_IPV6_REFUSAL =
  "Exoscale's network load balancer has an IPv4 VIP only; for dual-stack ingress use managed elastic IPs (inet4 + inet6) with health checks on the ingress instances";

export const NLB_NOT_MANAGED =
  "Exoscale network load balancers are IPv4-only and not managed by dualstack; the dual-stack ingress is managed elastic IPs (inet4 + inet6) with health checks on the ingress instances";

export function validateNlbService(s: NlbServiceInputs): Failure[] {
  if (s.addressFamily === "inet6" || (typeof s.vip === "string" && s.vip.includes(":"))) {
    return [{ property: s.addressFamily === "inet6" ? "addressFamily" : "vip", reason: NLB_IPV6_REFUSAL }];
  }
  const inputProblems = [
    ...checkZone(s.zone),
    ...checkName("name", s.name),
    ...checkOneOf("addressFamily", s.addressFamily, ["inet4"]),
    ...checkOneOf("protocol", s.protocol, ["tcp", "udp"]),
    ...checkInt("port", s.port, 1, 65535),
    ...checkInt("targetPort", s.targetPort, 1, 65535),
  ];
  return inputProblems.length ? inputProblems : [{ property: "addressFamily", reason: NLB_NOT_MANAGED }];
}

// check() refuses every NlbService (not even for missing credentials), so
// the engine never gets past it.
export const provider = crudProvider<NlbServiceInputs, NlbServiceInputs>({
  name: "exoscale NlbService",
  configure,
  inputKeys: ["zone", "name", "addressFamily", "vip", "protocol", "port", "targetPort"],
  replaceKeys: [],
  updateKeys: [],
  deleteBeforeReplace: false,
  defaults: (news) => ({ ...news, addressFamily: news.addressFamily ?? "inet4" }),
  validate: validateNlbService,
  async create() {
    throw new Error(NLB_NOT_MANAGED);
  },
  read: async (_id, props) => props,
  async delete() {
    throw new Error(NLB_NOT_MANAGED);
  },
});
