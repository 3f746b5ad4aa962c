// Dynamic providers are serialized into the Pulumi state and run in a separate
// provider process. Capturing our modules by value does not work (they close
// over native functions such as child_process.execFile), so the serialized
// provider is a thin shell that loads the real implementation from the project
// at run time, by path relative to the project root. The implementation therefore lives in ordinary,
// directly testable TypeScript modules (components/lab/providers/, ...).
import * as pulumi from "@pulumi/pulumi";

type Provider = pulumi.dynamic.ResourceProvider;

/** A provider whose methods delegate to `export const provider` of `modulePath` (relative to the project root). */
export function delegatingProvider(modulePath: string): Provider {
  // Runtime loading is the point here: these requires run in the provider process.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const load = (): Provider => {
    const path = require("node:path");
    const fs = require("node:fs");
    // The engine starts the provider in the directory of the Pulumi.yaml: the
    // repo root for our stacks, a subdirectory for test fixture programs.
    // Walk up (a few levels at most) to the project that holds the module.
    let root: string = process.cwd();
    for (let i = 0; i < 8 && !fs.existsSync(path.join(root, modulePath + ".ts")); i++) root = path.dirname(root);
    const file = path.join(root, modulePath + ".ts");
    if (!fs.existsSync(file)) {
      throw new Error(`dualstack provider: ${modulePath}.ts not found above ${process.cwd()}; run pulumi inside the dualstack project`);
    }
    // The provider process has no TypeScript loader of its own.
    if (!require.extensions[".ts"]) {
      require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
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
