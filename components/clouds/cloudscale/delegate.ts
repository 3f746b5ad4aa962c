// The serialized shell of every cloudscale dynamic provider: it loads the
// implementation from components/clouds/cloudscale/providers/ at run time.
import { delegatingProvider } from "../../dynamic";

export function cloudscaleProvider(name: string) {
  return delegatingProvider(`components/clouds/cloudscale/providers/${name}`);
}
