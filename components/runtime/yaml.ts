// YAML output for the runtime renderers, through the `yaml` serializer only.
//
// Every consumer of these files reads YAML 1.1: cloud-init (PyYAML), k3s and
// Kubernetes (go-yaml via sigs.k8s.io/yaml). Serializing as 1.1 makes the
// library quote scalars that 1.1 would read as something else ("yes", "on",
// "0600", "12:30", "1:2:3:4:5:6:7:8" as a sexagesimal number), where 1.2 output
// would leave them bare.
import { Document } from "yaml";

// No anchors/aliases for objects used twice (labels): not every reader of
// manifests resolves them, and the files stay greppable.
const OPTIONS = { version: "1.1", aliasDuplicateObjects: false } as const;
const STRINGIFY = { lineWidth: 0 } as const; // never fold long strings (commands, certificates)

/** One YAML document. */
export function toYaml(value: unknown): string {
  return new Document(value, OPTIONS).toString(STRINGIFY);
}

/** A multi-document stream, each document starting with "---" (what k3s and kubectl apply read). */
export function toYamlStream(values: readonly unknown[]): string {
  return values
    .map((value) => {
      const doc = new Document(value, OPTIONS);
      doc.directives!.docStart = true;
      return doc.toString(STRINGIFY);
    })
    .join("");
}

/**
 * cloud-init user data: the "#cloud-config" line cloud-init needs first, then
 * the document. The header is a YAML comment, so the whole text stays one
 * YAML document.
 */
export function toCloudConfig(value: unknown): string {
  const doc = new Document(value, OPTIONS);
  doc.commentBefore = "cloud-config";
  return doc.toString(STRINGIFY);
}
