// Pulumi mocks for the managed-cluster components: no provider plugin or
// cloud account is reachable here, so every resource is answered by these
// mocks with outputs shaped like the real providers' (EKS endpoint + CA, AKS
// fqdn + identity, a base64 kubeconfig from listManagedClusterUserCredentials,
// LoadBalancer ingress in Service status). Each test file gets its own
// runtime (jest isolates modules), so installMocks runs once per file.
import * as pulumi from "@pulumi/pulumi";
import type { MockCallArgs, MockResourceArgs } from "@pulumi/pulumi/runtime";
import type { MockMonitor } from "@pulumi/pulumi/runtime/mocks";

export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Provider reference "urn::id", if one was given. */
  provider?: string;
}

export const AKS_KUBECONFIG = [
  "apiVersion: v1",
  "kind: Config",
  "clusters:",
  "- name: aks",
  "  cluster: { server: https://aks-dns-1a2b3c4d.hcp.westeurope.azmk8s.io:443 }",
  "current-context: aks",
].join("\n");
export const EKS_CA = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n-----END CERTIFICATE-----\n").toString("base64");
export const EKS_ENDPOINT = "https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-central-1.eks.amazonaws.com";
/** EKS's per-cluster OIDC issuer (cluster.identities[0].oidcs[0].issuer). */
export const EKS_OIDC_ISSUER = "https://oidc.eks.eu-central-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
export const VPC = { cidrBlock: "10.60.0.0/16", ipv6CidrBlock: "2600:1f18:abc:de00::/56" };
export const NLB_HOSTNAME = "k8s-dualstac-demoapp-0123456789-0123456789abcdef.elb.eu-central-1.amazonaws.com";
export const AZURE_LB_IPS = ["20.46.24.24", "2603:1030:8:5::2d"];

/** Realistic computed outputs per resource type; inputs are echoed as the providers do. */
function outputsFor(args: MockResourceArgs): Record<string, unknown> {
  const i = args.inputs;
  switch (args.type) {
    case "aws:eks/cluster:Cluster":
      return {
        name: `${args.name}-5f3c2a1`,
        arn: `arn:aws:eks:eu-central-1:123456789012:cluster/${args.name}-5f3c2a1`,
        endpoint: EKS_ENDPOINT,
        certificateAuthority: { data: EKS_CA },
        identities: [{ oidcs: [{ issuer: EKS_OIDC_ISSUER }] }],
        region: "eu-central-1",
        vpcConfig: { ...i.vpcConfig, clusterSecurityGroupId: "sg-0eks0cluster0001" },
        kubernetesNetworkConfig: { ...i.kubernetesNetworkConfig, serviceIpv6Cidr: "fd4f:2c1a:9b3e::/108" },
      };
    case "aws:iam/role:Role":
      return { name: `${args.name}-a1b2c3d`, arn: `arn:aws:iam::123456789012:role/${args.name}-a1b2c3d` };
    case "aws:iam/policy:Policy":
      return { name: `${args.name}-e4f5a6b`, arn: `arn:aws:iam::123456789012:policy/${args.name}-e4f5a6b` };
    // IAM names an OIDC provider by its URL without the scheme.
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      return { arn: `arn:aws:iam::123456789012:oidc-provider/${String(i.url).replace(/^https:\/\//, "")}` };
    case "kubernetes:helm.sh/v3:Release":
      return { status: { name: i.name, namespace: i.namespace, chart: i.chart, version: i.version, status: "deployed", revision: 1 } };
    case "aws:ec2/launchTemplate:LaunchTemplate":
      return { latestVersion: 1 };
    case "azure-native:containerservice:ManagedCluster":
      return {
        name: args.name,
        fqdn: `aks-dns-1a2b3c4d.hcp.${i.location}.azmk8s.io`,
        identity: { type: "SystemAssigned", principalId: "11111111-2222-3333-4444-555555555555", tenantId: "99999999-8888-7777-6666-555555555555" },
      };
    case "kubernetes:core/v1:Service": {
      const nlb = i.metadata?.annotations?.["service.beta.kubernetes.io/aws-load-balancer-ip-address-type"] === "dualstack";
      return { status: { loadBalancer: { ingress: nlb ? [{ hostname: NLB_HOSTNAME }] : AZURE_LB_IPS.map((ip) => ({ ip })) } } };
    }
    default:
      return {};
  }
}

function callFor(args: MockCallArgs): Record<string, unknown> {
  switch (args.token) {
    case "azure-native:containerservice:listManagedClusterUserCredentials":
      return { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(AKS_KUBECONFIG).toString("base64") }] };
    case "aws:ec2/getVpc:getVpc":
      return { id: args.inputs.id, ...VPC };
    default:
      throw new Error(`unexpected call ${args.token}`);
  }
}

export interface MockState {
  resources: Recorded[];
  calls: MockCallArgs[];
  /** Resources of a type (token), optionally by name. */
  of(type: string, name?: string): Recorded[];
  one(type: string, name?: string): Recorded;
}

/**
 * Installs the mocks. With `preview`, every computed output is unknown (the
 * mocks return no state), as in a first `pulumi preview`.
 */
export async function installMocks(options: { preview?: boolean } = {}): Promise<MockState> {
  const resources: Recorded[] = [];
  const calls: MockCallArgs[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        resources.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
        if (options.preview) return { id: undefined, state: {} };
        return { id: `${args.name}-id`, state: { ...args.inputs, ...outputsFor(args) } };
      },
      call(args) {
        calls.push(args);
        return callFor(args);
      },
    },
    "dualstack",
    "test",
    options.preview ?? false,
  );
  const of = (type: string, name?: string) => resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  return {
    resources,
    calls,
    of,
    one(type, name) {
      const found = of(type, name);
      if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` ${name}` : ""}, found ${found.length}`);
      return found[0];
    },
  };
}

/** The installed mock monitor (what setMocks put in place of the engine). */
export function mockMonitor(): MockMonitor {
  const monitor: unknown = pulumi.runtime.getMonitor();
  if (!monitor || typeof monitor !== "object" || !("mocks" in monitor)) throw new Error("no Pulumi mocks installed");
  return monitor as MockMonitor;
}

export interface Registration {
  type: string;
  name: string;
  urn: string;
  /** Provider reference "urn::id", if one was given. */
  provider: string;
  /** URNs of the resources it depends on, as the engine gets them (dependsOn expanded, plus its inputs' resources). */
  dependencies: string[];
}

/**
 * Records every registration with its dependencies. Pulumi mocks do not pass
 * dependencies to newResource, so this listens on the mock monitor itself
 * (its registerResource gets the engine's request). Call after installMocks.
 */
export function recordRegistrations(): Registration[] {
  const monitor = mockMonitor();
  const seen: Registration[] = [];
  const register = monitor.registerResource.bind(monitor);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  monitor.registerResource = (req: any, callback: (err: any, response: any) => void) =>
    register(req, (err, response) => {
      if (!err) seen.push({ type: req.getType(), name: req.getName(), urn: response.getUrn(), provider: req.getProvider(), dependencies: req.getDependenciesList() });
      callback(err, response);
    });
  return seen;
}

/** Waits until no new resource has been registered for a few ticks. */
export async function settle(state: MockState): Promise<void> {
  let seen = -1;
  while (seen !== state.resources.length) {
    seen = state.resources.length;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The value of a known Output. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Whether an Output's value is known (false for computed values in a preview). */
export function isKnown(output: pulumi.Output<unknown>): Promise<boolean> {
  return (output as unknown as { isKnown: Promise<boolean> }).isKnown;
}

/** A resource with one computed property, `value` (unknown in a preview). */
class Computed extends pulumi.CustomResource {
  // `declare`: a class field would overwrite the Output the base constructor set (ES2022 define semantics).
  declare readonly value: pulumi.Output<string>;
  constructor(name: string) {
    super("dualstack:test:Computed", name, { value: undefined });
  }
}

/** An Output<string> that is unknown in a preview: a mocked resource's computed property. */
export function unknownString(name: string): pulumi.Output<string> {
  return new Computed(name).value;
}
