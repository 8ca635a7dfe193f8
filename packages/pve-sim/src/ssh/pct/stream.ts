/** Connect a sandboxed process to an SSH channel: streams both ways, resize/signal/abort, exit code. */
import type { SandboxProcess } from '../../sandbox';
import type { CommandContext } from '../context';

export async function streamProcess(ctx: CommandContext, proc: SandboxProcess): Promise<number> {
  ctx.stdin.pipe(proc.stdin);
  proc.stdout.pipe(ctx.stdout, { end: false });
  proc.stderr.pipe(ctx.stderr, { end: false });
  ctx.onResize((cols, rows) => proc.resize(cols, rows));
  ctx.onSignal((signal) => proc.signal(signal));
  ctx.onAbort(() => proc.kill());
  const code = await proc.exit;
  ctx.stdin.unpipe(proc.stdin);
  return code;
}

/** Environment inside the container: lxc-attach --keep-env passes the session's, --clear-env almost nothing. */
export function attachEnv(ctx: CommandContext, keepEnv: boolean): Record<string, string> {
  if (!keepEnv) return { container: 'lxc' };
  return { LANG: 'C.UTF-8', ...ctx.env, USER: 'root', LOGNAME: 'root', SHELL: '/bin/bash' };
}
