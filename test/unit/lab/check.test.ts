// The lab providers' shared input check (Process, DockerEngine, CriRuntime).
import { labCheckFailures } from "../../../components/lab/providers/check";

describe("labCheckFailures", () => {
  it("accepts a valid namespace and absolute paths", () => {
    expect(labCheckFailures({ namespace: "ds-x-node-1", root: "/run/dualstack/x" }, ["root"])).toEqual([]);
  });

  it("names the namespace, then the further names, then each path, in that order", () => {
    const failures = labCheckFailures({ namespace: "bad name", name: "x", root: "relative" }, ["root"], {
      name: () => {
        throw new Error("bad process name");
      },
    });
    expect(failures.map((f) => f.property)).toEqual(["namespace", "name", "root"]);
    expect(failures[2].reason).toBe('must be an absolute path, got "relative"');
  });

  it("refuses a missing path", () => {
    expect(labCheckFailures({ namespace: "ds-x-node-1", root: undefined as unknown as string }, ["root"])).toEqual([{ property: "root", reason: "must be an absolute path, got undefined" }]);
  });
});
