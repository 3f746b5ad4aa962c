// The dual-stack demo app (apps/demo-app/server.js) as both runtimes run it.
//
// Default: the stock `node:22-alpine` image with the app's source mounted
// read-only and run with `node`, so no image has to be built or pushed and
// the app stays the one file in apps/demo-app. Node.js 22 because it is the
// oldest LTS line still supported through 2026 (20 ends April 2026); the app
// needs nothing newer than Node 18. An image that runs the app on its own
// (entrypoint included) may be given instead; then no source is needed.
import { InputError, requireImage, requireInt } from "./checks";

export interface DemoAppOptions {
  /** Image to run; default DEMO_APP_DEFAULTS.image. */
  image?: string;
  /**
   * The app's source (apps/demo-app/server.js, see loadDemoAppSource): mounted
   * into the container and run with `node`. Required with the default image.
   */
  source?: string;
  /** Port the app listens on inside the container (its PORT); default 8080. */
  containerPort?: number;
  /** Port clients use: host port (Docker) or Service port (Kubernetes); default 80. */
  publicPort?: number;
}

export const DEMO_APP_DEFAULTS = {
  image: "docker.io/library/node:22-alpine",
  containerPort: 8080,
  publicPort: 80,
  /** Where the source sits inside the container. */
  mountPath: "/app/server.js",
  /** The app listens on "::" with ipv6Only off: one socket for both families. */
  bind: "::",
} as const;

/** DemoAppOptions after validation, defaults filled in. */
export interface DemoApp {
  image: string;
  source?: string;
  containerPort: number;
  publicPort: number;
  /** Arguments after the image: ["node", mountPath] with a source, [] otherwise. */
  command: string[];
}

// cloud-init user data is capped by some clouds (AWS: 16 KiB); the app is ~3 KiB.
const MAX_SOURCE_BYTES = 8 * 1024;

export function checkDemoApp(options: DemoAppOptions | undefined, key = "app"): DemoApp {
  const o = options ?? {};
  const image = requireImage(`${key}.image`, o.image ?? DEMO_APP_DEFAULTS.image);
  if (o.source !== undefined) {
    if (typeof o.source !== "string" || o.source.trim() === "") {
      throw new InputError(`${key}.source`, o.source, "is empty", "pass the text of apps/demo-app/server.js (loadDemoAppSource())");
    }
    const bytes = Buffer.byteLength(o.source, "utf8");
    if (bytes > MAX_SOURCE_BYTES) {
      throw new InputError(`${key}.source`, `(${bytes} bytes)`, `is larger than ${MAX_SOURCE_BYTES} bytes`, "keep the demo app small: it travels in cloud-init user data");
    }
  } else if (image === DEMO_APP_DEFAULTS.image) {
    throw new InputError(
      `${key}.source`,
      undefined,
      `is needed with the default image ${image}, which does not contain the app`,
      "pass loadDemoAppSource(), or an image that runs the app itself",
    );
  }
  return {
    image,
    source: o.source,
    containerPort: requireInt(`${key}.containerPort`, o.containerPort ?? DEMO_APP_DEFAULTS.containerPort, 1, 65535),
    publicPort: requireInt(`${key}.publicPort`, o.publicPort ?? DEMO_APP_DEFAULTS.publicPort, 1, 65535),
    command: o.source === undefined ? [] : ["node", DEMO_APP_DEFAULTS.mountPath],
  };
}
