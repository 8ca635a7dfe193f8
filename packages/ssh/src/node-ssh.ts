/**
 * Commands on one Proxmox VE node over its pooled SSH connection: node-level `exec(argv)` and
 * the pct operations Kiln needs. Every argv element is quoted so it arrives verbatim.
 */
import { Readable } from 'node:stream';
import type { NodeConnection } from './connection';
import { deadline } from './deadline';
import { SshError } from './errors';
import { runOnChannel, type ExecOptions, type ExecResult } from './exec-channel';
import { pctCommandFailed, pctFailure } from './pct-errors';
import { PtySession } from './pty-session';
import { shellJoin } from './quote';

export interface NodeSshOptions {
  /** Bytes of stdout and of stderr kept per command (the tail). */
  outputLimitBytes: number;
  /** Timeout for exec/pctExec when the call sets none. */
  defaultTimeoutMs: number;
  /** Timeout of the short pct management calls (status, set, push). */
  managementTimeoutMs: number;
}

export interface PushOptions {
  /** Octal number (0o600) or a string pct understands ('600', '0640', '0x1a4'). */
  mode?: number | string;
  user?: string;
  group?: string;
  timeout?: number;
  signal?: AbortSignal;
}

export type PctSetValue = string | number | boolean;

/** Largest command string sent inline in the exec request (under the 32 KiB payload every server takes). */
const INLINE_COMMAND_LIMIT = 30 * 1024;
/** Reads exactly $1 bytes of quoted words from stdin and execs them; the rest of stdin is the command's. */
const ARGV_FROM_STDIN = 'eval "exec $(head -c "$1")"';

function prefixed(head: Buffer, rest: ExecOptions['stdin']): Buffer | Readable {
  if (rest === undefined) return head;
  if (typeof rest === 'string' || Buffer.isBuffer(rest)) return Buffer.concat([head, Buffer.from(rest)]);
  return Readable.from(
    (async function* () {
      yield head;
      yield* rest;
    })(),
  );
}

function checkVmid(vmid: number): void {
  if (!Number.isInteger(vmid) || vmid < 100 || vmid > 999_999_999) {
    throw new SshError('invalid-argument', `${String(vmid)} is not a valid VMID (100 to 999999999).`);
  }
}

export class NodeSsh {
  constructor(
    private readonly conn: NodeConnection,
    private readonly options: NodeSshOptions,
  ) {}

  /** `host:port` of the node, for logs and messages. */
  get label(): string {
    return this.conn.label;
  }

  /** Run a node-level command (`pveversion`, `command -v pct`). Non-zero exits are returned, not thrown. */
  async exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    const command = shellJoin(argv);
    if (Buffer.byteLength(command) > INLINE_COMMAND_LIMIT) {
      throw new SshError('invalid-argument', 'The command line is too long for one SSH request; pass large data on stdin.');
    }
    const d = deadline(this.label, opts.timeout ?? this.options.defaultTimeoutMs, opts.signal);
    try {
      const lease = await this.conn.lease(d.signal);
      try {
        return await runOnChannel(lease, command, opts, this.options.outputLimitBytes, d.signal, this.label);
      } finally {
        lease.release();
      }
    } finally {
      d.dispose();
    }
  }

  /**
   * `pct exec <vmid> -- argv...`: the inner command's exit code comes back as is. Throws when pct
   * itself fails: `not-running`, `no-container`, `no-pct`.
   */
  async pctExec(vmid: number, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    checkVmid(vmid);
    if (argv.length === 0) throw new SshError('invalid-argument', 'pctExec needs a command.');
    const inner = shellJoin(argv);
    const big = Buffer.byteLength(inner) > INLINE_COMMAND_LIMIT;
    // RFC 4253 only guarantees 35000-byte packets (ssh2-based servers enforce exactly that), so a
    // long argv travels on stdin ahead of the command's own input, as the same quoted words.
    const remote = big ? ['/bin/sh', '-c', ARGV_FROM_STDIN, 'kiln-argv', String(Buffer.byteLength(inner))] : argv;
    const stdin = big ? prefixed(Buffer.from(inner, 'utf8'), opts.stdin) : opts.stdin;
    const result = await this.exec(['pct', 'exec', String(vmid), '--', ...remote], { ...opts, stdin });
    const failure = pctFailure(vmid, result, this.label);
    if (failure) throw failure;
    return result;
  }

  /** Write `content` to `dest` inside the CT (via `pct push <vmid> /dev/stdin <dest>`). */
  async pctPush(vmid: number, dest: string, content: string | Buffer | Readable, opts: PushOptions = {}): Promise<void> {
    checkVmid(vmid);
    const argv = ['pct', 'push', String(vmid), '/dev/stdin', dest];
    if (opts.mode !== undefined) argv.push('--perms', typeof opts.mode === 'number' ? `0${opts.mode.toString(8)}` : opts.mode);
    if (opts.user !== undefined) argv.push('--user', opts.user);
    if (opts.group !== undefined) argv.push('--group', opts.group);
    const result = await this.exec(argv, { stdin: content, timeout: opts.timeout ?? this.options.managementTimeoutMs, signal: opts.signal });
    if (result.exitCode !== 0) throw pctCommandFailed('pct push', vmid, result, this.label);
  }

  /** `pct set` as root: may change root-only options (features keyctl/fuse, mpN bind mounts, devN). */
  async pctSet(vmid: number, options: Readonly<Record<string, PctSetValue>>, opts: { delete?: readonly string[]; timeout?: number; signal?: AbortSignal } = {}): Promise<void> {
    checkVmid(vmid);
    const argv = ['pct', 'set', String(vmid)];
    for (const [key, value] of Object.entries(options)) {
      if (!/^[A-Za-z][A-Za-z0-9._-]*$/.test(key) || key === 'delete') throw new SshError('invalid-argument', `'${key}' is not a valid pct set option name.`);
      argv.push(`--${key}`, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
    }
    if (opts.delete?.length) argv.push('--delete', opts.delete.join(','));
    if (argv.length === 3) return;
    const result = await this.exec(argv, { timeout: opts.timeout ?? this.options.managementTimeoutMs, signal: opts.signal });
    if (result.exitCode !== 0) throw pctCommandFailed('pct set', vmid, result, this.label);
  }

  /** `pct status`: 'running', 'stopped' (or whatever other state pct reports). */
  async pctStatus(vmid: number, opts: { timeout?: number; signal?: AbortSignal } = {}): Promise<string> {
    checkVmid(vmid);
    const result = await this.exec(['pct', 'status', String(vmid)], { timeout: opts.timeout ?? this.options.managementTimeoutMs, signal: opts.signal });
    const status = /^status: (\S+)/m.exec(result.stdout)?.[1];
    if (result.exitCode !== 0 || !status) throw pctCommandFailed('pct status', vmid, result, this.label);
    return status;
  }

  /**
   * An interactive shell in the CT on a terminal (`pct enter`), for the web console. The session
   * holds one of the connection's slots until it ends.
   */
  async pctEnter(vmid: number, size: { cols: number; rows: number; term?: string }, opts: { signal?: AbortSignal; timeout?: number } = {}): Promise<PtySession> {
    const status = await this.pctStatus(vmid, opts);
    if (status !== 'running') throw new SshError('not-running', `CT ${vmid} on ${this.label} is not running.`, { target: this.label });
    const d = deadline(this.label, opts.timeout ?? this.options.managementTimeoutMs, opts.signal);
    try {
      const lease = await this.conn.lease(d.signal);
      return await new Promise<PtySession>((resolve, reject) => {
        const pty = { cols: size.cols, rows: size.rows, term: size.term ?? 'xterm-256color', width: 0, height: 0 };
        lease.client.exec(shellJoin(['pct', 'enter', String(vmid)]), { pty }, (err, ch) => {
          if (err) {
            lease.release();
            return reject(new SshError('channel', `Could not open a terminal on ${this.label}: ${err.message}`, { target: this.label }, { cause: err }));
          }
          lease.channelOpened();
          resolve(new PtySession(ch, () => lease.release()));
        });
      });
    } finally {
      d.dispose();
    }
  }
}
