/** pct subcommands that read or change the CT through the cluster view: status, config, set, list, start/stop. */
import type { SimClusterView, SimContainerInfo } from '../../cluster-view';
import { descriptionAsRead } from '../../lxc/config-schema';
import { containerStarted, containerStopped } from '../../sandbox';
import { println, type CommandContext } from '../context';
import { parsePctArgs, parseVmid, PctError, type PctCommandSpec } from './args';
import { loadConfig, sandboxTarget } from './common';

const spec = (usage: string, options: PctCommandSpec['options'] = {}, extra: Partial<PctCommandSpec> = {}): PctCommandSpec => ({
  usage,
  positional: usage.includes('<vmid>') ? ['vmid'] : [],
  options,
  ...extra,
});

export const MANAGE_SPECS = {
  status: spec('pct status <vmid> [OPTIONS]', { verbose: 'boolean' }),
  config: spec('pct config <vmid> [OPTIONS]', { current: 'boolean', snapshot: 'string' }),
  set: spec('pct set <vmid> [OPTIONS]', { delete: 'string', revert: 'string', digest: 'string' }, { anyOption: true }),
  list: spec('pct list'),
  start: spec('pct start <vmid> [OPTIONS]', { debug: 'boolean', skiplock: 'boolean' }),
  stop: spec('pct stop <vmid> [OPTIONS]', { 'overrule-shutdown': 'boolean', skiplock: 'boolean' }),
  shutdown: spec('pct shutdown <vmid> [OPTIONS]', { forceStop: 'boolean', timeout: 'string' }),
  reboot: spec('pct reboot <vmid> [OPTIONS]', { timeout: 'string' }),
} satisfies Record<string, PctCommandSpec>;

type ManageCommand = keyof typeof MANAGE_SPECS;

/** The optional enumeration a SimClusterView may offer for `pct list`. */
interface ListableView extends SimClusterView {
  listContainers(): readonly SimContainerInfo[];
}
function isListable(view: SimClusterView): view is ListableView {
  return typeof (view as Partial<ListableView>).listContainers === 'function';
}

function setChanges(options: Record<string, string>): { changes: Record<string, string>; deletes: string[] } {
  const { delete: del, digest: _digest, revert: _revert, ...changes } = options;
  const deletes = (del ?? '').split(/[,;\s]+/).filter(Boolean);
  return { changes, deletes };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function pctManage(ctx: CommandContext, command: ManageCommand, argv: readonly string[]): Promise<number> {
  const s = MANAGE_SPECS[command];
  const args = parsePctArgs(s, argv);
  if (command === 'list') return list(ctx);
  const vmid = parseVmid(s, args.positional.vmid ?? '');
  const ct = loadConfig(ctx, vmid);
  switch (command) {
    case 'status':
      if (args.options.verbose === '1') for (const [k, v] of Object.entries(verboseStatus(ct))) println(ctx, 'stdout', `${k}: ${v}`);
      else println(ctx, 'stdout', `status: ${ct.status}`);
      return 0;
    case 'config':
      for (const line of configLines(ct.config)) println(ctx, 'stdout', line);
      return 0;
    case 'set': {
      const { changes, deletes } = setChanges(args.options);
      if (Object.keys(changes).length === 0 && deletes.length === 0) throw new PctError('no options specified');
      try {
        ctx.view.setContainerConfig(vmid, changes, deletes);
      } catch (e) {
        throw new PctError(message(e).replace(/\n$/, ''));
      }
      return 0;
    }
    case 'start':
      await viewCall(() => ctx.view.startContainer(vmid));
      await containerStarted(sandboxTarget(ct));
      return 0;
    case 'stop':
    case 'shutdown':
      await viewCall(() => ctx.view.stopContainer(vmid));
      await containerStopped(sandboxTarget(ct));
      return 0;
    case 'reboot':
      if (ct.status !== 'running') throw new PctError(`CT ${vmid} not running`);
      await viewCall(() => ctx.view.stopContainer(vmid));
      await containerStopped(sandboxTarget(ct));
      await viewCall(() => ctx.view.startContainer(vmid));
      await containerStarted(sandboxTarget(ct));
      return 0;
  }
}

async function viewCall(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    throw new PctError(message(e).replace(/\n$/, ''));
  }
}

function list(ctx: CommandContext): number {
  if (!isListable(ctx.view)) throw new PctError('kiln-sim: pct list needs SimClusterView.listContainers(), which this cluster does not provide');
  const rows = ctx.view
    .listContainers()
    .filter((c) => c.node === ctx.node)
    .sort((a, b) => a.vmid - b.vmid);
  if (rows.length === 0) return 0;
  const fmt = (a: string, b: string, c: string, d: string) => `${a.padEnd(10)} ${b.padEnd(10)} ${c.padEnd(12)} ${d.padEnd(20)}`;
  println(ctx, 'stdout', fmt('VMID', 'Status', 'Lock', 'Name'));
  for (const c of rows) println(ctx, 'stdout', fmt(String(c.vmid), c.status, c.lock ?? '', c.hostname));
  return 0;
}

/** `pct config`: sorted keys, digest hidden, raw lxc.* keys last, description URI-encoded like PVE. */
export function configLines(config: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(config).filter((k) => k !== 'digest');
  const plain = keys.filter((k) => !k.startsWith('lxc.')).sort();
  const raw = keys.filter((k) => k.startsWith('lxc.'));
  return [...plain, ...raw].map((k) => {
    // the description as PVE parses it back: each line ends with "\n" (printed as %0A)
    const v = (k === 'description' ? descriptionAsRead(config[k]) : config[k]) ?? '';
    return `${k}: ${k === 'description' ? v.replace(/[^A-Za-z0-9\-_.!~*'() ]/g, (c) => encodeURIComponent(c)) : v}`;
  });
}

function verboseStatus(ct: SimContainerInfo): Record<string, string> {
  const mem = Number(ct.config.memory ?? 512) * 1024 * 1024;
  const swap = Number(ct.config.swap ?? 512) * 1024 * 1024;
  const stats: Record<string, string> = {
    cpus: ct.config.cores ?? '1',
    ...(ct.lock ? { lock: ct.lock } : {}),
    maxdisk: String(8 * 1024 ** 3),
    maxmem: String(mem),
    maxswap: String(swap),
    name: ct.hostname,
    status: ct.status,
    type: 'lxc',
    uptime: '0',
    vmid: String(ct.vmid),
  };
  return Object.fromEntries(Object.entries(stats).sort(([a], [b]) => a.localeCompare(b)));
}
