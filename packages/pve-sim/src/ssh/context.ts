/** What a command run over SSH gets: the cluster, the channel's streams and its events. */
import type { Readable, Writable } from 'node:stream';
import type { SimClusterView } from '../cluster-view';
import type { SandboxMode } from '../sandbox';

export interface TerminalInfo {
  cols: number;
  rows: number;
  term: string;
}

export interface CommandContext {
  readonly view: SimClusterView;
  readonly node: string;
  readonly stdin: Readable;
  readonly stdout: Writable;
  /** On a PTY this is the same stream as stdout, like a terminal. */
  readonly stderr: Writable;
  readonly pty: TerminalInfo | undefined;
  /** Variables the client sent and sshd would accept (LANG, LC_*). */
  readonly env: Readonly<Record<string, string>>;
  readonly sandbox: SandboxMode;
  readonly sandboxReason: string | undefined;
  onResize(listener: (cols: number, rows: number) => void): void;
  onSignal(listener: (signal: NodeJS.Signals) => void): void;
  /** The client closed the channel: stop whatever runs for it. */
  onAbort(listener: () => void): void;
}

/**
 * Write a line of text to the session's stdout or stderr. On a PTY the terminal would turn `\n`
 * into `\r\n` (onlcr); text produced by the simulator itself gets the same treatment.
 */
export function println(ctx: CommandContext, to: 'stdout' | 'stderr', text: string): void {
  const line = text.endsWith('\n') ? text : `${text}\n`;
  ctx[to].write(ctx.pty ? line.replace(/\r?\n/g, '\r\n') : line);
}
