// cloudscale:Subnet — an IPv4 subnet of a private Network. IPv4 only: there is
// no evidence of IPv6 private subnets at cloudscale; IPv6 rides on the public
// interface, and static ULA addresses on private links are configured in the
// guest (cloud-init). gatewayAddress, dnsServers and tags update in place.
import { type ApiObject, type Stub, readTags } from "../client";
import { changed, restProvider, type Tagged } from "../provider";
import { CIDR_V4 } from "../validate";

export interface SubnetInputs extends Tagged {
  cidr: string;
  /** The network's uuid. */
  network: string;
  gatewayAddress?: string;
  dnsServers?: string[];
}

export interface SubnetOutputs extends SubnetInputs {
  uuid: string;
}

interface ApiSubnet extends ApiObject {
  cidr: string;
  network: Stub;
  gateway_address: string | null;
  dns_servers: string[];
}

export const provider = restProvider<SubnetInputs, ApiSubnet, SubnetOutputs>({
  type: "Subnet",
  collection: () => "/subnets",
  inputKeys: ["idTag", "cidr", "network", "gatewayAddress", "dnsServers", "tags"],
  replace: ["cidr", "network"],
  update: ["gatewayAddress", "dnsServers"],
  validate(c) {
    c.string("cidr", { pattern: CIDR_V4, what: "an IPv4 CIDR like 10.0.0.0/24 (private subnets are IPv4 only)" });
    c.string("network", { what: "the uuid of a Network" });
    c.string("gatewayAddress", { optional: true });
    c.stringList("dnsServers");
  },
  body: (i) => ({ cidr: i.cidr, network: i.network, gateway_address: i.gatewayAddress, dns_servers: i.dnsServers }),
  patch: (o, n) => changed(o, n, { gatewayAddress: "gateway_address", dnsServers: "dns_servers" }),
  outputs: (i, a) => ({ ...i, uuid: a.uuid }),
  fromApi: (p, a) => ({
    ...p,
    cidr: a.cidr,
    network: a.network.uuid,
    // Unset inputs take the API's defaults; only report what the program set.
    gatewayAddress: p.gatewayAddress !== undefined ? (a.gateway_address ?? undefined) : undefined,
    dnsServers: p.dnsServers !== undefined ? a.dns_servers : undefined,
    tags: readTags(p.tags, a.tags),
  }),
});
