// The component tree as Pulumi's mocks saw it: the mock monitor names each
// registered resource `<parent type>$<type>::<name>`, so each URN is one edge
// of the tree ("<parent type> > <type> <name>").
import * as pulumi from "@pulumi/pulumi";

interface MockMonitor {
  getRegisteredResources(): Map<string, unknown>;
}

/** Every registered resource as "<parent type> > <type> <name>" ("(root) > ..." at the stack's root). */
export function mockTreeEdges(): string[] {
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  return [...monitor.getRegisteredResources().keys()].map((urn) => {
    const [, , qualified, name] = urn.split("::");
    const types = qualified.split("$");
    const type = types.pop();
    return `${types.pop() ?? "(root)"} > ${type} ${name}`;
  });
}
