/**
 * Run one command on one SSH session channel: feed stdin, collect (capped) output, report the
 * exit status. When the deadline fires the remote process gets SIGKILL and the channel is closed.
 */
import os from 'node:os';
import { pipeline, type Readable } from 'node:stream';
import type { ClientChannel } from 'ssh2';
import type { Lease } from './connection';
import { SshError } from './errors';
import { TailBuffer } from './tail-buffer';

export type OutputStream = 'stdout' | 'stderr';

export interface ExecOptions {
  /** Sent on the command's stdin, then EOF. Secrets go here, never in argv. */
  stdin?: string | Buffer | Readable;
  /** Kill the command after this many milliseconds (queueing and connecting included). */
  timeout?: number;
  signal?: AbortSignal;
  /** Live output, e.g. to stream a provisioning log. */
  onOutput?: (chunk: Buffer, stream: OutputStream) => void;
}

export interface ExecResult {
  exitCode: number;
  /** Set when the command died from a signal (exitCode is then 128 + its number). */
  signal?: string;
  stdout: string;
  stderr: string;
  /** True when stdout or stderr exceeded the cap and only its tail was kept. */
  truncated: boolean;
}

export function runOnChannel(lease: Lease, command: string, opts: ExecOptions, limit: number, signal: AbortSignal, label: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    lease.client.exec(command, (err, ch) => {
      if (err) return reject(new SshError('channel', `Could not open an SSH session on ${label}: ${err.message}`, { target: label }, { cause: err }));
      lease.channelOpened();
      collect(ch, opts, limit, signal, label).then(resolve, reject);
    });
  });
}

function collect(ch: ClientChannel, opts: ExecOptions, limit: number, signal: AbortSignal, label: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const out = new TailBuffer(limit);
    const err = new TailBuffer(limit);
    let exitCode: number | undefined;
    let exitSignal: string | undefined;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => {
      try {
        ch.signal('KILL');
      } catch {
        // channel already gone
      }
      ch.close();
      settle(() => reject(signal.reason));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) return onAbort();

    ch.on('data', (d: Buffer) => {
      out.push(d);
      opts.onOutput?.(d, 'stdout');
    });
    ch.stderr.on('data', (d: Buffer) => {
      err.push(d);
      opts.onOutput?.(d, 'stderr');
    });
    ch.on('exit', (code: number | null, sig?: string) => {
      if (typeof code === 'number') exitCode = code;
      else if (sig) {
        exitSignal = sig;
        exitCode = 128 + (os.constants.signals[`SIG${sig}` as NodeJS.Signals] ?? 0);
      }
    });
    ch.on('error', (e: Error) => settle(() => reject(new SshError('channel', `The SSH session on ${label} failed: ${e.message}`, { target: label }, { cause: e }))));
    ch.on('close', () => {
      if (exitCode === undefined) {
        return settle(() => reject(new SshError('channel', `The connection to ${label} was lost before the command finished.`, { target: label })));
      }
      settle(() => resolve({ exitCode: exitCode as number, signal: exitSignal, stdout: out.text(), stderr: err.text(), truncated: out.truncated || err.truncated }));
    });

    const input = opts.stdin;
    if (input === undefined) ch.end();
    else if (typeof input === 'string' || Buffer.isBuffer(input)) ch.end(input);
    else {
      pipeline(input, ch, (e) => {
        if (e && !settled) {
          ch.close();
          settle(() => reject(new SshError('channel', `Reading the input for the command on ${label} failed.`, { target: label }, { cause: e })));
        }
      });
    }
  });
}
