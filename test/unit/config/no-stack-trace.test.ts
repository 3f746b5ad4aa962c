// Operator mistakes never print a JavaScript stack trace: the Pulumi SDK
// prints a RunError's message alone wherever it escapes (program, apply,
// component), and ConfigError and InputError count as RunErrors to it.
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, InputError } from "../../../components/problems";

describe("errors for bad values", () => {
  it("are RunErrors to the Pulumi SDK, so the engine shows their message only", () => {
    expect(pulumi.RunError.isInstance(new ConfigError("dev", [{ key: "dualstack:nodes.count", value: 0, message: "is out of range: use 1..4096" }]))).toBe(true);
    expect(pulumi.RunError.isInstance(new InputError("ipv4Pool.base", "172.16.0.0/12", "overlaps ipv4Supernet 172.20.0.0/16", "use a range the plan does not use"))).toBe(true);
    expect(pulumi.RunError.isInstance(new Error("a bug"))).toBe(false);
  });

  it("keep their class and message", () => {
    const err = new ConfigError("dev", [{ key: "dualstack:nodes.count", value: 0, message: "is out of range: use 1..4096" }]);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe('invalid configuration for stack "dev":\n  dualstack:nodes.count: 0 is out of range: use 1..4096');
  });
});
