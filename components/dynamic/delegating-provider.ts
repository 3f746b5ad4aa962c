// Dynamic providers are serialized into the Pulumi state and run in a separate
// provider process. Capturing our modules by value does not work (they close
// over native functions such as child_process.execFile), so the serialized
// provider is a thin shell that loads the real implementation at run time
// from this package's own root (the repo, or the installed package's dist/),
// found from this file when the program runs: any program that imports the
// components, wherever it lives, gets the implementation it imported. The
// implementation therefore lives in ordinary, directly testable modules
// (components/lab/providers/, ...).
import * as nodePath from "node:path";
import * as pulumi from "@pulumi/pulumi";

type Provider = pulumi.dynamic.ResourceProvider;

/** This package's root: components/dynamic/ is two levels below it (in the repo and in dist/). */
export const PACKAGE_ROOT = nodePath.resolve(__dirname, "../..");

/** A provider whose methods delegate to `export const provider` of `modulePath` (relative to the package root). */
export function delegatingProvider(modulePath: string): Provider {
  // A plain string, captured by value into the serialized provider.
  const packageRoot = PACKAGE_ROOT;
  // Runtime loading is the point here: these requires run in the provider process.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const load = (): Provider => {
    const path = require("node:path");
    const fs = require("node:fs");
    const exists = (root: string) => [".js", ".ts"].some((ext) => fs.existsSync(path.join(root, modulePath + ext)));
    // The package as the program imported it; else (a checkout moved since the
    // state was written) the project the engine runs in, found upwards from there.
    let root: string = packageRoot;
    if (!exists(root)) {
      root = process.cwd();
      for (let i = 0; i < 8 && !exists(root); i++) root = path.dirname(root);
    }
    if (!exists(root)) throw new Error(`dualstack provider: ${modulePath} is neither in ${packageRoot} nor above ${process.cwd()}; reinstall the dualstack package`);
    const file = path.join(root, modulePath);
    // Sources (the repo itself) need a TypeScript loader, which the provider process lacks.
    if (!fs.existsSync(file + ".js") && !require.extensions[".ts"]) {
      require(require.resolve("ts-node", { paths: [root] })).register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
    }
    return require(file).provider;
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    // The stack's config (secrets unwrapped): cloud providers read their API
    // credentials here, so tokens never become resource inputs or state.
    configure: (req) => call(load(), "configure", req),
    check: (olds, news) => call(load(), "check", olds, news),
    diff: (id, olds, news) => call(load(), "diff", id, olds, news),
    create: (inputs) => call(load(), "create", inputs),
    read: (id, props) => call(load(), "read", id, props),
    update: (id, olds, news) => call(load(), "update", id, olds, news),
    delete: (id, props) => call(load(), "delete", id, props),
  };

  // Methods an implementation leaves out get Pulumi's default behaviour.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  function call(impl: any, method: string, ...args: unknown[]): Promise<any> {
    if (typeof impl[method] === "function") return impl[method](...args);
    switch (method) {
      case "configure":
        return Promise.resolve();
      case "check":
        return Promise.resolve({ inputs: args[1] });
      case "read":
        return Promise.resolve({ id: args[0], props: args[1] });
      case "diff":
        return Promise.resolve({});
      default:
        return Promise.reject(new Error(`dualstack provider ${modulePath} has no ${method}`));
    }
  }
}
