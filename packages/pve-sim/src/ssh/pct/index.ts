/** `pct` on the simulated node: dispatch to subcommands; every pct error prints its text and exits 255. */
import { println, type CommandContext } from '../context';
import { PctError } from './args';
import { ENTER_SPEC, EXEC_SPEC, pctEnter, pctExec } from './exec';
import { pctPull, pctPush, PULL_SPEC, PUSH_SPEC } from './files';
import { MANAGE_SPECS, pctManage } from './manage';

const USAGES = [
  MANAGE_SPECS.config.usage,
  ENTER_SPEC.usage,
  EXEC_SPEC.usage,
  MANAGE_SPECS.list.usage,
  PULL_SPEC.usage,
  PUSH_SPEC.usage,
  MANAGE_SPECS.reboot.usage,
  MANAGE_SPECS.set.usage,
  MANAGE_SPECS.shutdown.usage,
  MANAGE_SPECS.start.usage,
  MANAGE_SPECS.status.usage,
  MANAGE_SPECS.stop.usage,
  'pct help [<extra-args>] [OPTIONS]',
];
/** Real pct commands the simulator leaves to the API (create, destroy, clone, ...). */
const API_ONLY = new Set([
  'clone',
  'create',
  'destroy',
  'migrate',
  'move-volume',
  'move_volume',
  'resize',
  'restore',
  'snapshot',
  'delsnapshot',
  'listsnapshot',
  'rollback',
  'template',
  'mount',
  'unmount',
  'fsck',
  'fstrim',
  'df',
  'rescan',
  'cpusets',
  'pending',
  'unlock',
  'console',
  'suspend',
  'resume',
  'remote-migrate',
]);

function usageText(error?: string): string {
  const head = error ? `ERROR: ${error}\n` : '';
  return `${head}USAGE: pct <COMMAND> [ARGS] [OPTIONS]\n${USAGES.map((u) => `       ${u}`).join('\n')}\n`;
}

export async function runPct(ctx: CommandContext, argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    switch (sub) {
      case undefined:
        println(ctx, 'stderr', usageText('no command specified'));
        return 255;
      case 'help':
        println(ctx, 'stdout', usageText());
        return 0;
      case 'exec':
        return await pctExec(ctx, rest);
      case 'enter':
        return await pctEnter(ctx, rest);
      case 'push':
        return await pctPush(ctx, rest);
      case 'pull':
        return await pctPull(ctx, rest);
      case 'status':
      case 'config':
      case 'set':
      case 'list':
      case 'start':
      case 'stop':
      case 'shutdown':
      case 'reboot':
        return await pctManage(ctx, sub, rest);
      default:
        if (API_ONLY.has(sub)) throw new PctError(`kiln-sim: 'pct ${sub}' is not simulated over SSH; use the API`);
        println(ctx, 'stderr', usageText(`unknown command 'pct ${sub}'`));
        return 255;
    }
  } catch (e) {
    if (!(e instanceof PctError)) throw e;
    println(ctx, 'stderr', e.message);
    return 255;
  }
}
