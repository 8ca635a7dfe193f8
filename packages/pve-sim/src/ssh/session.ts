/**
 * One SSH session channel on the simulated node: pty-req, env, window-change and signal requests,
 * then one exec (or shell) whose exit status is reported after all its output has been sent.
 */
import type { PseudoTtyInfo, ServerChannel, Session } from 'ssh2';
import type { SimClusterView } from '../cluster-view';
import type { SandboxMode } from '../sandbox';
import { channelOutput } from './channel-output';
import { runCommandString } from './commands';
import { println, type CommandContext, type TerminalInfo } from './context';

export interface SessionDeps {
  view: SimClusterView;
  node: string;
  latencyMs: number;
  sandbox: SandboxMode;
  sandboxReason: string | undefined;
  /** Registers an abort hook for server shutdown; returns its unregister function. */
  trackAbort(abort: () => void): () => void;
}

/** Debian's sshd_config: AcceptEnv LANG LC_* */
const ACCEPTED_ENV = /^(LANG|LC_[A-Z_]+)$/;
const SIGNALS = new Set(['ABRT', 'ALRM', 'FPE', 'HUP', 'ILL', 'INT', 'KILL', 'PIPE', 'QUIT', 'SEGV', 'TERM', 'USR1', 'USR2']);

export function handleSession(session: Session, deps: SessionDeps): void {
  let pty: TerminalInfo | undefined;
  const env: Record<string, string> = {};
  const resizeListeners: ((cols: number, rows: number) => void)[] = [];
  const signalListeners: ((signal: NodeJS.Signals) => void)[] = [];
  let started = false;

  session.on('pty', (accept, _reject, info: PseudoTtyInfo) => {
    pty = { cols: info.cols || 80, rows: info.rows || 24, term: info.term || 'xterm' };
    accept?.();
  });
  session.on('env', (accept, reject, info) => {
    if (ACCEPTED_ENV.test(info.key)) {
      env[info.key] = info.val;
      accept?.();
    } else reject?.();
  });
  session.on('window-change', (accept, _reject, info) => {
    if (pty) Object.assign(pty, { cols: info.cols, rows: info.rows });
    for (const l of resizeListeners) l(info.cols, info.rows);
    accept?.();
  });
  session.on('signal', (accept, reject, info) => {
    const name = info.name.replace(/^SIG/, '');
    if (!SIGNALS.has(name)) return reject?.();
    for (const l of signalListeners) l(`SIG${name}` as NodeJS.Signals);
    accept?.();
  });
  session.on('subsystem', (_accept, reject) => reject());

  const run = async (channel: ServerChannel, command: string | undefined) => {
    if (started) return;
    started = true;
    const abortListeners: (() => void)[] = [];
    let finished = false;
    const abort = () => {
      if (finished) return;
      finished = true;
      for (const l of abortListeners.splice(0)) l();
    };
    channel.on('close', abort);
    channel.on('error', () => abort());
    const untrack = deps.trackAbort(() => {
      abort();
      channel.close();
    });
    const output = channelOutput(channel, { mergeStderr: pty !== undefined });
    const ctx: CommandContext = {
      view: deps.view,
      node: deps.node,
      stdin: channel,
      stdout: output.stdout,
      stderr: output.stderr,
      pty,
      env,
      sandbox: deps.sandbox,
      sandboxReason: deps.sandboxReason,
      onResize: (l) => resizeListeners.push(l),
      onSignal: (l) => signalListeners.push(l),
      onAbort: (l) => abortListeners.push(l),
    };
    let code: number;
    try {
      if (deps.latencyMs > 0) await new Promise((r) => setTimeout(r, deps.latencyMs));
      code = command === undefined ? shell(ctx) : await runCommandString(ctx, command);
    } catch (e) {
      // A simulator bug must not kill the server; report it on the channel without internals.
      println(ctx, 'stderr', `kiln-sim: internal error: ${e instanceof Error ? e.message : String(e)}`);
      code = 255;
    }
    untrack();
    if (finished) return; // client went away
    finished = true;
    // ssh2 sends exit-status at once: first let all output go out.
    await output.finish();
    channel.exit(code);
    channel.end();
  };

  // One program per session channel (RFC 4254 6.5): a second exec/shell request is refused.
  session.on('exec', (accept, reject, info) => (started ? reject() : void run(accept(), info.command)));
  session.on('shell', (accept, reject) => (started ? reject() : void run(accept(), undefined)));
}

/** There is no node shell to log into; point at what exists instead. */
function shell(ctx: CommandContext): number {
  println(ctx, 'stderr', `kiln-sim: ${ctx.node} is a simulated Proxmox VE node without an interactive shell; ` + 'run commands directly (e.g. `pct enter <vmid>`)');
  return 1;
}
