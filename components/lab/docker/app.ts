// The demo app as a container on each lab node. Its network is a bridge of
// the node's own engine whose IPv6 subnet is a /80 of the node's Docker /64
// (the /80 after fixed-cidr-v6, clear of the daemon's pools) in routed mode:
// the lab routes the /64 to the node and packets reach the container
// unchanged, no NAT66. IPv4 stays Docker's usual NAT: the container's IPv4
// comes from the daemon's IPv4 pool and is reached through the port
// published on the node's address (DNAT keeps the client's address).
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import { parseCidr, type PlannedNode } from "../../addressing";
import { DEMO_APP_SOURCE_PATH } from "../../runtime/demo-app-source";

export const APP_NETWORK = "dualstack";
/** The bridge device in the node's namespace (Docker would name it br-<id>). */
export const APP_BRIDGE = "ds-app0";
export const APP_CONTAINER = "demo-app";
export const APP_IMAGE_REPO = "dualstack/demo-app";

export interface AppNetwork {
  name: string;
  bridge: string;
  subnetV6: string;
  gatewayV6: string;
  /** The container's own IPv6 address (fixed, so HAProxy's backends are known at preview). */
  containerV6: string;
}

export function appNetworkOf(node: PlannedNode): AppNetwork {
  const docker = parseCidr(node.docker.ipv6Cidr, 6);
  const fixed = parseCidr(node.docker.fixedCidrV6, 6);
  if (!docker.ok || !fixed.ok) throw new Error(`lab: node ${node.name} has no valid Docker range in the plan`);
  const subnet = docker.value.subnet(fixed.value.length, 1);
  return {
    name: APP_NETWORK,
    bridge: APP_BRIDGE,
    subnetV6: subnet.toString(),
    gatewayV6: subnet.addressAt(1),
    containerV6: subnet.addressAt(2),
  };
}

/** What goes into the image; its content hash names the image, so a new app or Node.js is a new image. */
export interface ImageRecipe {
  /** The Node.js binary the image runs (this machine's). */
  node: string;
  /** busybox, for `ip`, `sh` and friends inside the container (`docker exec ... ip -6 addr`). */
  busybox: string;
  appSource: string;
}

/** 2: the rootfs has a `node` user (uid 1000) and every file is world-readable (rootfs.ts). */
export const IMAGE_RECIPE_VERSION = 2;

export function defaultRecipe(): ImageRecipe {
  return { node: process.execPath, busybox: "/bin/busybox", appSource: DEMO_APP_SOURCE_PATH };
}

/** sha256 over the recipe: the app's bytes, and each binary's size, mtime and path (hashing 100 MB of Node.js at every preview would be slow). */
export function recipeHash(recipe: ImageRecipe): string {
  const h = crypto.createHash("sha256").update(`dualstack demo image v${IMAGE_RECIPE_VERSION}\n`);
  for (const bin of [recipe.node, recipe.busybox]) {
    const st = fs.statSync(bin);
    h.update(`${bin} ${st.size} ${st.mtimeMs}\n`);
  }
  h.update(fs.readFileSync(recipe.appSource));
  return h.digest("hex");
}

export function imageTag(hash: string): string {
  return `${APP_IMAGE_REPO}:${hash.slice(0, 16)}`;
}
