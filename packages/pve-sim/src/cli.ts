import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parsePrivilegeSpec, PRIVILEGE_PRESETS } from './auth/privileges';
import type { TokenOption } from './auth/tokens';
import { parseFailureRule } from './http/failures';
import { startSimulator } from './index';

const HELP = `Kiln's Proxmox VE simulator: the PVE 9.1 API over HTTPS and \`pct\` over SSH.

Usage: pnpm sim [options]

  --port <n>             API port (default 8006, 0 = random)
  --host <addr>          listen address (default 127.0.0.1)
  --ssh-port <n>         first node's SSH port, node i gets n+i (default 2222, 0 = random)
  --no-ssh               do not start SSH servers
  --nodes <a,b,c>        node names; several make one cluster (default pve1)
  --seed <n>             containers per node, only when the data dir is new (default 0)
  --vms <n>              QEMU VMs per node (state only, guest agent addresses), only when the data dir is new (default 0)
  --data-dir <dir>       state, TLS and SSH keys (default .kiln/sim, relative to where pnpm ran)
  --token <id[=secret]>  API token, repeatable (default kiln@pve!kiln)
  --privileges <spec>    token ACL on /: ${Object.keys(PRIVILEGE_PRESETS).join(' | ')} | comma list (default kiln)
  --no-privsep           tokens share their user's permissions
  --root-password <pw>   SSH root password (default: generated once, stored in the data dir)
  --latency <ms>         added to every API request
  --task-duration <ms>   how long a create task runs (others: up to 500 ms; default 2000)
  --status-interval <ms> status broadcast period; new CTs are "unknown" until then (default 10000)
  --auth-delay <ms>      delay of 401 answers (default 3000)
  --fail <rule>          inject failures, repeatable: 'POST /nodes/*/lxc=500:some text[:times]'
  --guest-network        containers' addresses reachable from this host (root; adds a bridge kilnsim<k>)
  --loopback-port <n>    with --guest-network: this host's 127.0.0.1:<n> is the containers' own, repeatable
  -h, --help             this help
`;

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} expects a non-negative integer, got '${value}'`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'ssh-port': { type: 'string' },
      'no-ssh': { type: 'boolean' },
      nodes: { type: 'string' },
      seed: { type: 'string' },
      vms: { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string', multiple: true },
      privileges: { type: 'string' },
      'no-privsep': { type: 'boolean' },
      'root-password': { type: 'string' },
      latency: { type: 'string' },
      'task-duration': { type: 'string' },
      'status-interval': { type: 'string' },
      'auth-delay': { type: 'string' },
      fail: { type: 'string', multiple: true },
      'guest-network': { type: 'boolean' },
      'loopback-port': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const privileges = { '/': parsePrivilegeSpec(values.privileges ?? 'kiln') };
  const tokenSpecs = values.token ?? ['kiln@pve!kiln'];
  const tokens: TokenOption[] = tokenSpecs.map((spec) => {
    const eq = spec.indexOf('=');
    const id = eq < 0 ? spec : spec.slice(0, eq);
    return { id, ...(eq < 0 ? {} : { secret: spec.slice(eq + 1) }), privsep: !values['no-privsep'], privileges };
  });
  const generatedSecrets = new Set(tokens.filter((t) => t.secret === undefined).map((t) => t.id));
  const loopbackPorts = (values['loopback-port'] ?? []).map((v) => intOption(v, 'loopback-port') ?? 0);
  if (loopbackPorts.length > 0 && !values['guest-network']) throw new Error('--loopback-port needs --guest-network');

  const sim = await startSimulator({
    // pnpm runs scripts in the package dir; INIT_CWD is where the user typed `pnpm sim`.
    dataDir: resolve(process.env['INIT_CWD'] ?? process.cwd(), values['data-dir'] ?? '.kiln/sim'),
    ...(values.host ? { apiHost: values.host } : {}),
    apiPort: intOption(values.port, 'port') ?? 8006,
    sshPort: intOption(values['ssh-port'], 'ssh-port') ?? 2222,
    ssh: !values['no-ssh'],
    nodes: (values.nodes ?? 'pve1')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
    seedContainersPerNode: intOption(values.seed, 'seed') ?? 0,
    seedVmsPerNode: intOption(values.vms, 'vms') ?? 0,
    tokens,
    ...(values['root-password'] ? { rootPassword: values['root-password'] } : {}),
    latencyMs: intOption(values.latency, 'latency') ?? 0,
    ...(values['task-duration'] ? { taskDurationMs: intOption(values['task-duration'], 'task-duration') } : {}),
    ...(values['status-interval'] ? { statusIntervalMs: intOption(values['status-interval'], 'status-interval') } : {}),
    ...(values['auth-delay'] ? { authFailureDelayMs: intOption(values['auth-delay'], 'auth-delay') } : {}),
    ...(values['guest-network'] ? { guestNetwork: { loopbackPorts } } : {}),
  });
  for (const spec of values.fail ?? []) sim.injectFailure(parseFailureRule(spec));

  const out: string[] = ['Kiln PVE simulator (Proxmox VE 9.1 API)', `  API:             ${sim.apiUrl}`, `  TLS fingerprint: ${sim.tlsFingerprint}`];
  for (const t of sim.tokens) {
    out.push(`  API token:       ${t.id}`);
    // Only secrets the simulator made up for the demo are shown; given ones stay private.
    if (generatedSecrets.has(t.id)) out.push(`  token secret:    ${t.secret}`);
  }
  for (const n of sim.nodes) {
    out.push(n.sshPort ? `  node ${n.name}: SSH 127.0.0.1:${n.sshPort}  host key ${n.sshHostKeyFingerprint}` : `  node ${n.name}: SSH not available`);
  }
  if (!values['root-password'] && sim.nodes.some((n) => n.sshPort)) out.push(`  SSH root password: ${sim.rootPassword}`);
  if (sim.guestNetwork) out.push(`  guest network:   bridge ${sim.guestNetwork.bridge}, containers on 10.${sim.guestNetwork.subnetOctet}.x.y`);
  // Handlers first: whoever reads the banner may signal at once (a stop between the two died of SIGINT).
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`pve-sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
