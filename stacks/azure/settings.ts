// The Azure stack's own settings: the `dualstack:azure` section, checked with
// zod, plus what its VMs need (an SSH key). Every problem is reported at preview, at once, naming the
// full key, the value and what would be valid.
import { z } from "zod";
import { AZURE_ZONES } from "../../components/clouds/azure/adapter/settings";
import { ConfigError, ConfigProblem, isManagedKubernetes, sectionProblems, type StackConfig } from "../config";

/** Availability zones Azure numbers per region (logical zones of the subscription). */
export { AZURE_ZONES, type AzureZone } from "../../components/clouds/azure/adapter/settings";

/** Names Azure refuses as a Linux VM's admin user (Microsoft.Compute's reserved list). */
const RESERVED_ADMIN_NAMES = new Set([
  "administrator", "admin", "user", "user1", "test", "user2", "test1", "user3", "admin1", "1", "123", "a", "actuser",
  "adm", "admin2", "aspnet", "backup", "console", "david", "guest", "john", "owner", "root", "server", "sql", "support",
  "support_388945a0", "sys", "test2", "test3", "user4", "user5",
]);

/** Programmatic region names: lowercase letters and digits, as `az account list-locations --query "[].name"` prints them. */
const LOCATION = /^[a-z][a-z0-9]{2,39}$/;
/** ARM's rule for resource group names, ASCII only: 1..90 of letters, digits, _ ( ) - . ; not ending in a period. */
const RESOURCE_GROUP = /^[A-Za-z0-9_().-]{0,89}[A-Za-z0-9_()-]$/;
/** What ARM accepts as an OpenSSH public key for Linux VMs (RSA >= 2048 bit, Ed25519, ECDSA). */
const SSH_PUBLIC_KEY = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$/;

const zone = z
  .union([z.string(), z.number()])
  .transform(String)
  .pipe(z.enum(AZURE_ZONES, { error: `is not an Azure availability zone; expected one of ${AZURE_ZONES.join(", ")}` }));

export const azureSectionSchema = z
  .object({
    location: z
      .string()
      .regex(LOCATION, { error: 'is not an Azure region name; expected the lowercase name without spaces, e.g. "switzerlandnorth" or "westeurope" (az account list-locations --query "[].name")' })
      .default("switzerlandnorth"),
    /** Created by the stack; default `dualstack-<stack>`. */
    resourceGroupName: z
      .string()
      .regex(RESOURCE_GROUP, { error: "is not a resource group name; expected 1..90 letters, digits, _ ( ) - . , not ending in a period" })
      .optional(),
    vmSize: z
      .string()
      .regex(/^Standard_[A-Za-z0-9_]+$/, { error: 'is not an Azure VM size; expected e.g. "Standard_B2s" or "Standard_D2s_v5"' })
      .default("Standard_B2s"),
    adminUsername: z
      .string()
      .regex(/^[a-z_][a-z0-9_-]{0,31}$/, { error: "is not a Linux user name; expected 1..32 lowercase letters, digits, _ or -, not starting with a digit or -" })
      .refine((name) => !RESERVED_ADMIN_NAMES.has(name), { error: 'is reserved by Azure (admin, root, user, ...); use another name such as "dualstack"' })
      .default("dualstack"),
    /** OpenSSH public key; the VMs allow no password logins. Required when the stack builds VMs (runtime docker, or kubernetes self-managed). */
    sshPublicKey: z
      .string()
      .trim()
      .regex(SSH_PUBLIC_KEY, { error: 'is not an OpenSSH public key; expected one line "ssh-ed25519 AAAA... comment" (or ssh-rsa, ecdsa-sha2-nistp256/384/521)' })
      .optional(),
    /** Availability zones for the VMs, round-robin by node; unset: regional VMs (no zone). */
    zones: z
      .array(zone)
      .min(1)
      .max(AZURE_ZONES.length)
      .refine((zs) => new Set(zs).size === zs.length, { error: "lists a zone twice; expected distinct zones" })
      .optional(),
  })
  .strict();

export type AzureSection = z.infer<typeof azureSectionSchema>;

/** What the stack builds for its runtime. */
export type AzureMode = "vms" | "aks";

interface CommonSettings extends Omit<AzureSection, "resourceGroupName" | "sshPublicKey"> {
  resourceGroupName: string;
}

/** runtime docker or kubernetes self-managed (k3s): VMs, which need the SSH key. */
export interface VmSettings extends CommonSettings {
  mode: "vms";
  sshPublicKey: string;
}

/** runtime kubernetes, mode managed: AKS (no VMs of the stack's own, so no key needed). */
export interface AksSettings extends CommonSettings {
  mode: "aks";
  sshPublicKey?: string;
}

export type AzureSettings = VmSettings | AksSettings;

/** The validated section with defaults filled in; a ConfigError listing every problem otherwise. */
export function azureSettings(stack: string, config: StackConfig): AzureSettings {
  const parsed = azureSectionSchema.safeParse(config.azure ?? {});
  const mode = modeOf(config);
  const problems: ConfigProblem[] = [
    ...(parsed.success ? [] : sectionProblems("azure", parsed.error.issues, config.azure, azureSectionSchema)),
    ...(mode === "vms" ? missingKeyProblems(config.azure) : []),
  ];
  const resourceGroupName = parsed.data?.resourceGroupName ?? `dualstack-${stack}`;
  if (!RESOURCE_GROUP.test(resourceGroupName) && parsed.success) problems.push(defaultGroupProblem(resourceGroupName));
  if (parsed.success && !problems.length) {
    const { sshPublicKey, ...rest } = parsed.data;
    const common = { ...rest, resourceGroupName };
    if (mode === "aks") return { ...common, mode, sshPublicKey };
    if (mode === "vms" && sshPublicKey !== undefined) return { ...common, mode, sshPublicKey };
  }
  throw new ConfigError(stack, problems);
}

/** The key is looked for in the raw section, so its absence is reported next to any other problem of the section. */
function missingKeyProblems(section: unknown): ConfigProblem[] {
  const given = section !== null && typeof section === "object" && (section as Record<string, unknown>).sshPublicKey !== undefined;
  if (given) return [];
  return [
    {
      key: "dualstack:azure.sshPublicKey",
      value: undefined,
      message:
        "is required for the VMs (runtime docker or self-managed k3s): Azure Linux VMs need an SSH key or a password, and this stack allows keys only; " +
        'set it with `pulumi config set --path dualstack:azure.sshPublicKey "$(cat ~/.ssh/id_ed25519.pub)"`',
    },
  ];
}

/** `dualstack-<stack>` can break Azure's rules only through a very long stack name. */
function defaultGroupProblem(name: string): ConfigProblem {
  return {
    key: "dualstack:azure.resourceGroupName",
    value: undefined,
    message: `defaults to "${name}", which is not a valid resource group name (1..90 letters, digits, _ ( ) - .); set one`,
  };
}

/** AKS for runtime kubernetes with kubernetes.mode managed; VMs (Docker, or self-managed k3s) otherwise. */
function modeOf(config: StackConfig): AzureMode {
  return isManagedKubernetes(config) ? "aks" : "vms";
}
