// Runs the Azure stack program under Pulumi mocks: no azure-native plugin or
// Azure account is reachable here, so every resource is answered by mocks
// with outputs shaped like Azure's (ARM ids from the names, static public IPs
// 20.203.x.x and 2603:1020:..., AKS fqdn and identity, a base64 kubeconfig,
// the demo Service's LB addresses of both families). In preview mode every
// computed output is unknown, as in a first `pulumi preview`.
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime";
import { parseStackConfig } from "../../../../stacks/config";
import type { StackContext } from "../../../../stacks/types";
import { withoutStackTraces } from "../../pulumi-program";

export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const SUBSCRIPTION = "00000000-0000-0000-0000-0000000000a2";
export const PUBLIC_IPS = { ipv4: "20.203.141.27", ipv6: "2603:1020:a04:2::1f" };
export const AKS_SERVICE_IPS = ["20.203.188.5", "2603:1020:a04:3::3a"];
export const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0ZXN0a2V5Zm9yZHVhbHN0YWNrbW9ja3Nvbmx5MDAw ops@example";

export const TYPES = {
  rg: "azure-native:resources:ResourceGroup",
  vnet: "azure-native:network:VirtualNetwork",
  subnet: "azure-native:network:Subnet",
  nsg: "azure-native:network:NetworkSecurityGroup",
  pip: "azure-native:network:PublicIPAddress",
  lb: "azure-native:network:LoadBalancer",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
  aks: "azure-native:containerservice:ManagedCluster",
  roleAssignment: "azure-native:authorization:RoleAssignment",
  service: "kubernetes:core/v1:Service",
} as const;

const rgId = (rg: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${rg}`;
const net = (i: Record<string, string>, kind: string, name: string) => `${rgId(i.resourceGroupName)}/providers/Microsoft.Network/${kind}/${name}`;

/** ARM ids as Azure builds them from the names the program chose. */
function armId(args: MockResourceArgs): string {
  const i = args.inputs;
  switch (args.type) {
    case TYPES.rg:
      return rgId(i.resourceGroupName);
    case TYPES.vnet:
      return net(i, "virtualNetworks", i.virtualNetworkName);
    case TYPES.subnet:
      return `${net(i, "virtualNetworks", i.virtualNetworkName)}/subnets/${i.subnetName}`;
    case TYPES.nsg:
      return net(i, "networkSecurityGroups", i.networkSecurityGroupName);
    case TYPES.pip:
      return net(i, "publicIPAddresses", i.publicIpAddressName);
    case TYPES.lb:
      return net(i, "loadBalancers", i.loadBalancerName);
    case TYPES.nic:
      return net(i, "networkInterfaces", i.networkInterfaceName);
    case TYPES.vm:
      return `${rgId(i.resourceGroupName)}/providers/Microsoft.Compute/virtualMachines/${i.vmName}`;
    case TYPES.aks:
      return `${rgId(i.resourceGroupName)}/providers/Microsoft.ContainerService/managedClusters/${args.name}`;
    default:
      return `${args.name}-id`;
  }
}

/** Computed outputs Azure adds; inputs are echoed as the provider does. */
function outputsFor(args: MockResourceArgs): Record<string, unknown> {
  const i = args.inputs;
  switch (args.type) {
    case TYPES.rg:
      return { name: i.resourceGroupName };
    case TYPES.vnet:
      return { name: i.virtualNetworkName };
    case TYPES.subnet:
      return { name: i.subnetName };
    case TYPES.nsg:
      return { name: i.networkSecurityGroupName };
    case TYPES.pip:
      return { name: i.publicIpAddressName, ipAddress: i.publicIPAddressVersion === "IPv6" ? PUBLIC_IPS.ipv6 : PUBLIC_IPS.ipv4 };
    case TYPES.lb:
      return { name: i.loadBalancerName };
    case TYPES.aks:
      return {
        name: args.name,
        fqdn: `ds-aks-1a2b3c4d.hcp.${i.location}.azmk8s.io`,
        identity: { type: "SystemAssigned", principalId: "11111111-2222-3333-4444-555555555555", tenantId: "99999999-8888-7777-6666-555555555555" },
      };
    case TYPES.service:
      return { status: { loadBalancer: { ingress: AKS_SERVICE_IPS.map((ip) => ({ ip })) } } };
    default:
      return {};
  }
}

function callFor(args: MockCallArgs): Record<string, unknown> {
  if (args.token === "azure-native:containerservice:listManagedClusterUserCredentials") {
    const kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: aks\n  cluster: { server: https://ds-aks-1a2b3c4d.hcp.switzerlandnorth.azmk8s.io:443 }\n";
    return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfig).toString("base64") }] };
  }
  throw new Error(`unexpected call ${args.token}`);
}

export interface Run {
  resources: Recorded[];
  calls: MockCallArgs[];
  /** The program's outputs, resolved (known values only; unknown ones come back as undefined). */
  outputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The outputs as the program returned them (Outputs and all). */
  raw: Record<string, unknown>;
  of(type: string): Recorded[];
  one(type: string, name?: string): Recorded;
}

/** A minimal valid Azure stack config; `overrides` replace top-level keys. */
export function azureConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider: "azure",
    network: { ipv4Supernet: "10.82.0.0/16" },
    nodes: { count: 3 },
    azure: { sshPublicKey: SSH_KEY },
    ...overrides,
  };
}

/** Installs fresh mocks and runs azureStack with the raw config parsed as index.ts would. */
export async function runAzure(raw: Record<string, unknown>, options: { preview?: boolean; stack?: string; record?: Recorded[] } = {}): Promise<Run> {
  const stack = options.stack ?? "azure-test";
  // `record` sees the registrations of a run that fails, too.
  const resources: Recorded[] = options.record ?? [];
  const calls: MockCallArgs[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs });
        if (options.preview) return { id: undefined, state: {} };
        return { id: armId(args), state: { ...args.inputs, ...outputsFor(args) } };
      },
      call(args) {
        calls.push(args);
        return callFor(args);
      },
    },
    "dualstack",
    stack,
    options.preview ?? false,
  );
  const ctx: StackContext = { project: "dualstack", stack, config: parseStackConfig(stack, raw) };
  const { azureStack } = await import("../../../../stacks/azure");
  const { raw_, outputs } = await withoutStackTraces(async () => {
    const raw_ = await azureStack(ctx);
    const outputs = options.preview ? await knownParts(raw_) : await resolve(raw_);
    await settle(resources);
    return { raw_, outputs };
  });
  const of = (type: string) => resources.filter((r) => r.type === type);
  return {
    resources,
    calls,
    outputs,
    raw: raw_,
    of,
    one(type, name) {
      const found = of(type).filter((r) => name === undefined || r.name === name);
      if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` ${name}` : ""}, found ${found.length}`);
      return found[0];
    },
  };
}

/** Every Output inside a value, resolved (a run with known values). */
function resolve(value: unknown): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((done) => pulumi.output(value as pulumi.Input<Record<string, unknown>>).apply((v) => done(v)));
}

/** Top-level outputs whose values are known (a preview): unknown ones are left out. */
async function knownParts(value: Record<string, unknown>): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (await isKnown(pulumi.output(v))) out[key] = await resolve(v);
  }
  return out;
}

/** Whether an Output's value is known (false for computed values in a preview). */
export function isKnown(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isKnown: Promise<boolean> }).isKnown;
}

/** Waits until no new resource has been registered for a few ticks. */
async function settle(resources: Recorded[]): Promise<void> {
  let seen = -1;
  while (seen !== resources.length) {
    seen = resources.length;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The ConfigError (from stacks/config) a run fails with. */
export async function configErrorOf(run: Promise<unknown>): Promise<Error & { problems: { key: string; value: unknown; message: string }[] }> {
  try {
    await run;
  } catch (err) {
    if (err instanceof Error && err.name === "ConfigError" && "problems" in err) return err as Error & { problems: { key: string; value: unknown; message: string }[] };
    throw err;
  }
  throw new Error("expected a ConfigError");
}
