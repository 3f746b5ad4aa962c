// cloud-init user data of both runtimes: every rendered file passes the real
// `cloud-init schema --config-file` (22.4), parses the same in PyYAML (the
// parser cloud-init uses, YAML 1.1) as the object we built, and carries what
// the node needs. Negative controls prove the schema check fails on errors.
import { K3S_DEFAULTS, K3S_INSTALL, K3S_VERSION, renderUserData, RuntimeKind, SYSCTL_PATH } from "../../../components/runtime";
import { dockerCloudConfig, DOCKER_ENGINE, renderDaemonJson, reservedRanges } from "../../../components/runtime";
import { k3sCloudConfig } from "../../../components/runtime";
import { AddressPlan } from "../../../components/addressing";
import { APP_SOURCE, cloudInitSchema, PLANS, pyYamlLoad, scratch, TOKEN } from "./helpers";

const tmp = scratch("cloud-init");
afterAll(() => tmp.cleanup());

interface Rendered {
  kind: RuntimeKind;
  plan: AddressPlan;
  node: string;
  text: string;
  object: unknown;
}

/** Every node of every plan, both runtimes, 1 and (where the plan has 3+ nodes) 3 servers, with and without a private interface. */
function renderAll(): [string, Rendered][] {
  const out: [string, Rendered][] = [];
  for (const [title, plan] of PLANS) {
    plan.nodes.forEach((node, i) => {
      const privateInterface = i % 2 === 0 ? "ens4" : undefined;
      const dockerArgs = { plan, node: node.name, privateInterface, acceptRaInterfaces: ["ens3"], distro: i % 2 === 0 ? ("ubuntu" as const) : ("debian" as const), app: { source: APP_SOURCE } };
      out.push([`docker: ${title}, ${node.name}`, { kind: "docker", plan, node: node.name, text: renderUserData("docker", dockerArgs), object: dockerCloudConfig(dockerArgs) }]);
      for (const servers of plan.nodes.length >= 3 ? [1, 3] : [1]) {
        const k3sArgs = { plan, node: node.name, token: TOKEN, servers, privateInterface, app: { source: APP_SOURCE } };
        out.push([`k3s (${servers} server(s)): ${title}, ${node.name}`, { kind: "kubernetes", plan, node: node.name, text: renderUserData("kubernetes", k3sArgs), object: k3sCloudConfig(k3sArgs) }]);
      }
    });
  }
  return out;
}
const ALL = renderAll();

describe("cloud-init schema accepts every rendered user data", () => {
  test.each(ALL)("%s", (_title, r) => {
    const result = cloudInitSchema(tmp.file("user-data.yaml", r.text));
    expect(result.output).toContain("Valid cloud-config");
    expect(result.output).not.toMatch(/deprecat\w*:\s*\S/i); // the header line is printed even when empty
    expect(result.status).toBe(0);
  });
});

describe("what cloud-init reads is what we built", () => {
  test.each(ALL)("%s", (_title, r) => {
    expect(r.text.startsWith("#cloud-config\n")).toBe(true);
    expect(pyYamlLoad(r.text)).toEqual(JSON.parse(JSON.stringify(r.object)));
    // Some clouds cap user data (AWS: 16 KiB).
    expect(Buffer.byteLength(r.text)).toBeLessThan(16 * 1024);
  });

  test("YAML 1.1 look-alikes stay strings (a port pair that is a base-60 number in YAML 1.1)", () => {
    const [, plan] = PLANS[0];
    const args = { plan, node: "node-1", app: { source: APP_SOURCE, publicPort: 80, containerPort: 59 } };
    const text = renderUserData("docker", args);
    expect(text).toContain('"80:59"');
    expect(pyYamlLoad(text)).toEqual(JSON.parse(JSON.stringify(dockerCloudConfig(args))));
    expect(cloudInitSchema(tmp.file("ports.yaml", text)).status).toBe(0);
    // What YAML 1.2 output (the library's default) would write: PyYAML reads 80:59 as 4859, and the schema fails.
    const unquoted = text.replace('"80:59"', "80:59");
    expect(JSON.stringify(pyYamlLoad(unquoted))).toContain(",4859,");
    const r = cloudInitSchema(tmp.file("ports-unquoted.yaml", unquoted));
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/runcmd\.\d+: .*4859.* is not valid under any of the given schemas/);
  });
});

describe("negative controls: cloud-init schema rejects broken user data", () => {
  const good = ALL[0][1].text;
  const broken: [string, string, RegExp][] = [
    ["a number for a write_files path", good.replace("  - path: /etc/sysctl.d/", "  - path: 1\n    owner: root:root\n  - path: /etc/sysctl.d/"), /write_files\.\d+\.path: 1 is not of type 'string'/],
    ["octal permissions as a YAML number", good.replace('permissions: "0644"', "permissions: 0644"), /permissions: 420 is not of type 'string'/],
    ["runcmd as one string", good.replace(/runcmd:[\s\S]*$/, "runcmd: sysctl --system\n"), /runcmd: 'sysctl --system' is not of type 'array'/],
    ["a number in a runcmd argv", good.replace("    - --system", "    - 5"), /runcmd\.0: \['sysctl', 5\] is not valid under any of the given schemas/],
    ["an unknown apt source key", good.replace("      keyserver:", "      key_server:"), /Additional properties are not allowed \('key_server' was unexpected\)/],
    ["package_update as a string", good.replace("package_update: true", "package_update: yes-please"), /package_update: 'yes-please' is not of type 'boolean'/],
    ["no #cloud-config header", good.replace("#cloud-config\n", ""), /needs to begin with "#cloud-config"/],
  ];
  test.each(broken)("%s", (_what, text, message) => {
    expect(text).not.toBe(good);
    const result = cloudInitSchema(tmp.file("broken.yaml", text));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(message);
  });

  test("what 22.4's schema does not catch: unknown top-level keys (so the renderer's types must)", () => {
    const result = cloudInitSchema(tmp.file("typo.yaml", good.replace("write_files:", "write_file:")));
    expect(result.status).toBe(0);
  });
});

interface Parsed {
  write_files: { path: string; content: string; permissions: string }[];
  runcmd: string[][];
  packages?: string[];
  apt?: { sources: Record<string, { source: string; keyid?: string }> };
}
const parsed = (r: Rendered) => pyYamlLoad(r.text) as Parsed;
const file = (p: Parsed, path: string) => p.write_files.find((f) => f.path === path);

describe("docker user data", () => {
  const docker = ALL.filter(([, r]) => r.kind === "docker");

  test.each(docker)("%s: Docker's repository, the node's daemon.json, forwarding, the app on both families", (_t, r) => {
    const p = parsed(r);
    const node = r.plan.nodes.find((n) => n.name === r.node)!;
    expect(p.apt?.sources["docker.list"].source).toMatch(/^deb \[signed-by=\$KEY_FILE\] https:\/\/download\.docker\.com\/linux\/(debian|ubuntu) \$RELEASE stable$/);
    expect(p.apt?.sources["docker.list"].keyid).toBe(DOCKER_ENGINE.keyid);
    expect(p.packages).toEqual(["docker-ce", "docker-ce-cli", "containerd.io"]);
    expect(file(p, DOCKER_ENGINE.daemonJsonPath)?.content).toBe(renderDaemonJson(node, { avoid: reservedRanges(r.plan) }).text);
    expect(file(p, DOCKER_ENGINE.aptPreferencesPath)?.content).toContain("Pin: version 5:28.5.*");
    expect(file(p, SYSCTL_PATH)?.content).toMatch(/^net\.ipv6\.conf\.all\.forwarding = 1$/m);
    expect(file(p, SYSCTL_PATH)?.content).toMatch(/^net\.ipv4\.ip_forward = 1$/m);
    expect(file(p, SYSCTL_PATH)?.content).toMatch(/^net\.ipv6\.conf\.ens3\.accept_ra = 2$/m);
    const run = p.runcmd.find((c) => c[0] === "docker")!;
    expect(run.slice(0, 2)).toEqual(["docker", "run"]);
    expect(run).toContain(`NODE_NAME=${node.name}`);
    expect(run[run.indexOf("--publish") + 1]).toBe("80:8080"); // no address: both families
    expect(p.runcmd[0]).toEqual(["sysctl", "--system"]);
  });

  test("the private interface gets the planned IPv6 address, before anything starts", () => {
    const [, r] = docker.find(([, x]) => parsed(x).write_files.some((f) => f.path.startsWith("/etc/netplan/")))!;
    const p = parsed(r);
    const node = r.plan.nodes.find((n) => n.name === r.node)!;
    const netplan = pyYamlLoad(file(p, "/etc/netplan/90-dualstack-ens4.yaml")!.content);
    expect(netplan).toEqual({ network: { version: 2, ethernets: { ens4: { dhcp4: true, addresses: [`${node.ipv6}/${node.ipv6PrefixLength}`] } } } });
    expect(file(p, "/etc/netplan/90-dualstack-ens4.yaml")!.permissions).toBe("0600");
    expect(p.runcmd.findIndex((c) => c[0] === "netplan")).toBeLessThan(p.runcmd.findIndex((c) => c[0] === "docker"));
  });

  test("no netplan without a private interface; no pin with engineVersion null", () => {
    const [, plan] = PLANS[0];
    const p = dockerCloudConfig({ plan, node: "node-1", engineVersion: null, app: { source: APP_SOURCE } });
    expect(p.write_files.map((f) => f.path)).not.toContain(DOCKER_ENGINE.aptPreferencesPath);
    expect(p.write_files.some((f) => f.path.startsWith("/etc/netplan/"))).toBe(false);
    expect(p.runcmd.some((c) => c[0] === "netplan")).toBe(false);
  });

  test("bad arguments name the field", () => {
    const [, plan] = PLANS[0];
    const app = { source: APP_SOURCE };
    expect(() => dockerCloudConfig({ plan, node: "node-9", app })).toThrow(/^node: "node-9" is not a node of plan "lab-ula"; use one of node-1, node-2, node-3$/);
    expect(() => dockerCloudConfig({ plan, node: "node-1" })).toThrow(/app\.source: \(not set\) is needed with the default image/);
    expect(() => dockerCloudConfig({ plan, node: "node-1", app, privateInterface: "ens4; reboot" })).toThrow(/privateInterface: "ens4; reboot" is not valid/);
    expect(() => dockerCloudConfig({ plan, node: "node-1", app, acceptRaInterfaces: ["eth0.100"] })).toThrow(/acceptRaInterfaces\[0\]/);
    expect(() => dockerCloudConfig({ plan, node: "node-1", app, engineVersion: "latest" })).toThrow(/engineVersion: "latest" is not valid/);
    expect(() => dockerCloudConfig({ plan, node: "node-1", app, distro: "arch" as "debian" })).toThrow(/distro: "arch" is not supported/);
    expect(() => dockerCloudConfig({ plan, node: "node-1", app: { ...app, image: "Node:Latest" } })).toThrow(/app\.image: "Node:Latest" is not valid/);
    expect(() => dockerCloudConfig({ plan, node: "node-1", app: { image: "ghcr.io/example/demo-app:1.0" } })).not.toThrow();
  });
});

describe("k3s user data", () => {
  const k3s = ALL.filter(([, r]) => r.kind === "kubernetes");

  test.each(k3s)("%s: config 0600, manifests on servers only, pinned installer", (_t, r) => {
    const p = parsed(r);
    const config = file(p, K3S_DEFAULTS.configPath)!;
    expect(config.permissions).toBe("0600");
    const parsedConfig = pyYamlLoad(config.content) as Record<string, unknown>;
    const isServer = parsedConfig["cluster-cidr"] !== undefined;
    const manifests = file(p, `${K3S_DEFAULTS.manifestsDir}/${K3S_INSTALL.manifestFile}`);
    expect(manifests !== undefined).toBe(isServer);
    if (manifests) expect(manifests.permissions).toBe("0600");
    expect(p.runcmd.at(-1)).toEqual(["env", `INSTALL_K3S_VERSION=${K3S_VERSION}`, `INSTALL_K3S_EXEC=${isServer ? "server" : "agent"}`, "sh", K3S_INSTALL.scriptPath]);
    expect(file(p, SYSCTL_PATH)?.content).toMatch(/^net\.ipv6\.conf\.all\.forwarding = 1$/m);
    // The token travels only in the 0600 config file, never on a command line.
    expect(JSON.stringify(p.runcmd)).not.toContain(TOKEN);
    expect(r.text.split(TOKEN).length - 1).toBe(1);
  });

  test("app: null deploys no manifests", () => {
    const [, plan] = PLANS[0];
    const p = k3sCloudConfig({ plan, node: "node-1", token: TOKEN, app: null });
    expect(p.write_files.some((f) => f.path.startsWith(K3S_DEFAULTS.manifestsDir))).toBe(false);
  });

  test("bad version", () => {
    const [, plan] = PLANS[0];
    expect(() => k3sCloudConfig({ plan, node: "node-1", token: TOKEN, version: "latest", app: null })).toThrow(/version: "latest" is not valid; use a k3s release such as "v1\.33\.7\+k3s1"/);
  });
});

test("renderUserData refuses an unknown runtime", () => {
  const [, plan] = PLANS[0];
  expect(() => renderUserData("podman" as RuntimeKind, { plan, node: "node-1" } as never)).toThrow(/^runtime: "podman" is not a runtime; use one of docker, kubernetes$/);
});
