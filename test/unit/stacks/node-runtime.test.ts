// The cloud stacks' node runtime from their config, and its user data: Docker
// in plain, k3s with its join token only inside a secret Output; a missing
// token fails at preview.
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { planAddresses } from "../../../components/addressing";
import { nodeUserData } from "../../../components/runtime";
import { parseStackConfig } from "../../../stacks/config";
import { nodeRuntimeOf, requireK3sToken } from "../../../stacks/node-runtime";

const plan = planAddresses({ name: "nud", ipv4Supernet: "10.64.0.0/16", zones: ["z"], nodeCount: 3, ingressCount: 2 });
const config = (extra: Record<string, unknown>) =>
  parseStackConfig("nud", { provider: "cloudscale", network: { ipv4Supernet: "10.64.0.0/16" }, nodes: { count: 3 }, ...extra });
const TOKEN = "k3s-join-token-0123456789abcdef";

/** An Output's value and secretness (test-only peek at Pulumi's Output internals). */
async function peek(o: pulumi.Output<string>): Promise<{ value: string; secret: boolean }> {
  const internal = o as unknown as { promise(): Promise<string>; isSecret: Promise<boolean> };
  return { value: await internal.promise(), secret: await internal.isSecret };
}

beforeAll(() => pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "dualstack", "nud"));

describe("node user data for the cloud stacks (mocks)", () => {
  afterEach(() => pulumi.runtime.setAllConfig({}));

  it("renders Docker in plain for runtime docker, needing no token", async () => {
    const c = config({});
    expect(requireK3sToken("nud", c)).toBeUndefined();
    const runtime = nodeRuntimeOf("nud", c);
    expect(runtime).toEqual({ kind: "docker" });
    const { value, secret } = await peek(nodeUserData(plan, "node-1", runtime));
    expect(value).toMatch(/^#cloud-config/);
    expect(value).toContain("/etc/docker/daemon.json");
    expect(secret).toBe(false);
  });

  it("renders k3s with both families as a secret Output for self-managed Kubernetes", async () => {
    pulumi.runtime.setAllConfig({ "dualstack:k3sToken": TOKEN }, ["dualstack:k3sToken"]);
    const c = config({ runtime: "kubernetes" });
    const runtime = nodeRuntimeOf("nud", c);
    expect(runtime.kind).toBe("k3s");
    const { value, secret } = await peek(nodeUserData(plan, "node-2", runtime));
    expect(secret).toBe(true);
    const doc = parse(value) as { write_files: { path: string; content: string }[] };
    const k3s = parse(doc.write_files.find((f) => f.path === "/etc/rancher/k3s/config.yaml")!.content);
    const node = plan.nodes[1];
    expect(k3s["node-ip"]).toBe(`${node.ipv4},${node.ipv6}`);
    expect(k3s["cluster-cidr"]).toBe(`${plan.kubernetes.clusterCidrV4},${plan.kubernetes.clusterCidrV6}`);
    expect(k3s.token).toBe(TOKEN);
  });

  it("fails naming dualstack:k3sToken and the command when the token is missing", () => {
    expect(() => requireK3sToken("nud", config({ runtime: "kubernetes" }))).toThrow(
      /dualstack:k3sToken: \(not set\) is required .*pulumi config set --secret dualstack:k3sToken/,
    );
  });

  it("needs no token for managed Kubernetes", () => {
    expect(requireK3sToken("nud", config({ runtime: "kubernetes", kubernetes: { mode: "managed" } }))).toBeUndefined();
  });
});
