// dualstack:local:Container — the demo app as a container in a lab node's
// engine: its image imported once (by content hash), the routed dual-stack
// app network, and the container with a fixed IPv6 address and its port
// published on the node's IPv4. A missing or stopped container, or an
// engine that does not answer, is drift (`running: false`); `up` recreates.
import type * as pulumi from "@pulumi/pulumi";
import { diffKeys } from "../../dynamic";
import type { AppNetwork, ImageRecipe } from "../docker/app";
import { engineAnswers, engineAt, isNotFound, type Engine } from "../docker/client";
import { ensureImage } from "../docker/image";
import { nsExec, waitFor } from "../linux";

export interface ContainerProps {
  /** The node's namespace (for the health probe) and engine socket. */
  namespace: string;
  socket: string;
  name: string;
  recipe: ImageRecipe;
  /** recipeHash(recipe): names the image; a new hash replaces the container. */
  imageHash: string;
  imageCacheDir: string;
  network: AppNetwork;
  env: Record<string, string>;
  port: number;
  /** Host address the port is published on (the node's IPv4). */
  publishIpv4: string;
  running: boolean;
}

export interface ContainerOutputs extends ContainerProps {
  containerId: string;
  ipv4: string;
  ipv6: string;
}

const REPLACE = ["namespace", "socket", "name"] as const;
const UPDATE = ["recipe", "imageHash", "imageCacheDir", "network", "env", "port", "publishIpv4", "running"] as const;
const HEALTHY_TIMEOUT_MS = 30_000;

async function ensureNetwork(engine: Engine, net: AppNetwork): Promise<void> {
  try {
    const found = await engine.getNetwork(net.name).inspect();
    const subnets = (found.IPAM?.Config ?? []).map((c: { Subnet?: string }) => c.Subnet);
    if (subnets.includes(net.subnetV6)) return;
    await engine.getNetwork(net.name).remove(); // planned range changed
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await engine.createNetwork({
    Name: net.name,
    Driver: "bridge",
    EnableIPv6: true,
    // IPv4 from the daemon's pool; IPv6 the planned /80, routed (no NAT66).
    IPAM: { Driver: "default", Config: [{ Subnet: net.subnetV6, Gateway: net.gatewayV6 }] },
    Options: {
      "com.docker.network.bridge.name": net.bridge,
      "com.docker.network.bridge.gateway_mode_ipv6": "routed",
    },
  });
}

async function removeContainer(engine: Engine, name: string): Promise<void> {
  try {
    await engine.getContainer(name).remove({ force: true });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

async function start(p: ContainerProps): Promise<ContainerOutputs> {
  const engine = engineAt(p.socket);
  const image = await ensureImage(engine, p.recipe, p.imageHash, p.imageCacheDir);
  await ensureNetwork(engine, p.network);
  await removeContainer(engine, p.name);
  const portKey = `${p.port}/tcp`;
  const created = await engine.createContainer({
    name: p.name,
    Image: image,
    Env: Object.entries(p.env).map(([k, v]) => `${k}=${v}`),
    ExposedPorts: { [portKey]: {} },
    HostConfig: {
      NetworkMode: p.network.name,
      // IPv4: DNAT from the node's address. IPv6 (routed): the binding only opens
      // the port to the container's own address in the node's ip6tables.
      PortBindings: { [portKey]: [{ HostIp: p.publishIpv4, HostPort: String(p.port) }, { HostIp: "::", HostPort: String(p.port) }] },
      Init: false,
    },
    NetworkingConfig: { EndpointsConfig: { [p.network.name]: { IPAMConfig: { IPv6Address: p.network.containerV6 } } } },
  });
  await created.start();
  // Healthy when it answers on its IPv6 address from the node itself.
  const url = `http://[${p.network.containerV6}]:${p.port}/healthz`;
  await waitFor(
    async () => {
      await nsExec(p.namespace, "curl", ["-sf", "-o", "/dev/null", "--max-time", "2", url], { timeoutMs: 5_000 });
      return true;
    },
    { timeoutMs: HEALTHY_TIMEOUT_MS, intervalMs: 100, description: `${p.name} in ${p.namespace} to answer on ${url}` },
  );
  return { ...p, ...(await addressesOf(engine, p)) };
}

async function addressesOf(engine: Engine, p: ContainerProps): Promise<{ containerId: string; ipv4: string; ipv6: string }> {
  const info = await engine.getContainer(p.name).inspect();
  const ep = info.NetworkSettings.Networks[p.network.name];
  return { containerId: info.Id, ipv4: ep?.IPAddress ?? "", ipv6: ep?.GlobalIPv6Address ?? "" };
}

export const provider: pulumi.dynamic.ResourceProvider = {
  async diff(_id, olds: ContainerProps, news: ContainerProps) {
    return diffKeys({ ...olds }, { ...news }, { replace: REPLACE, update: UPDATE });
  },

  async create(inputs: ContainerProps) {
    return { id: `${inputs.namespace}/${inputs.name}`, outs: await start(inputs) };
  },

  async read(id, props: ContainerOutputs) {
    const { containerId: _id, ipv4: _v4, ipv6: _v6, ...inputs } = props;
    // Inputs too, so a later preview shows the drift as `running: false => true`.
    const notRunning = { id, props: { ...props, running: false }, inputs: { ...inputs, running: false } };
    // The engine is down (its own drift): the container cannot be running.
    if (!(await engineAnswers(props.socket))) return notRunning;
    const engine = engineAt(props.socket);
    try {
      const info = await engine.getContainer(props.name).inspect();
      const running = Boolean(info.State?.Running) && info.Id === props.containerId;
      return { id, props: { ...props, running, ...(await addressesOf(engine, props)) }, inputs: { ...inputs, running } };
    } catch (err) {
      if (isNotFound(err)) return notRunning;
      throw err;
    }
  },

  async update(_id, _olds: ContainerProps, news: ContainerProps) {
    return { outs: await start(news) };
  },

  async delete(_id, props: ContainerProps) {
    // Gone with its engine if that was stopped first; otherwise remove it and its network.
    if (!(await engineAnswers(props.socket))) return;
    const engine = engineAt(props.socket);
    await removeContainer(engine, props.name);
    await engine
      .getNetwork(props.network.name)
      .remove()
      .catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
  },
};

