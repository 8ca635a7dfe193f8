/**
 * The SSH connection pool: one connection per node target (host, port, user), shared by all
 * callers of the process. `pool.node(target)` returns the handle to run commands on that node.
 */
import crypto from 'node:crypto';
import { NodeConnection, type ConnectionOptions, type ConnectionStats, type SshTarget } from './connection';
import { NodeSsh, type NodeSshOptions } from './node-ssh';

export type SshPoolOptions = ConnectionOptions & NodeSshOptions;

export const DEFAULT_POOL_OPTIONS: SshPoolOptions = {
  // OpenSSH's MaxSessions is 10; stay below it.
  maxChannels: 8,
  idleTimeoutMs: 60_000,
  connectTimeoutMs: 10_000,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  outputLimitBytes: 1024 * 1024,
  defaultTimeoutMs: 30 * 60_000,
  managementTimeoutMs: 60_000,
};

interface Entry {
  credentials: string;
  conn: NodeConnection;
  node: NodeSsh;
}

function targetKey(t: { host: string; port?: number; username?: string }): string {
  return `${t.username ?? 'root'}@${t.host}:${t.port ?? 22}`;
}

/**
 * A digest, so the pool can notice rotated credentials without keeping a second copy of them
 * around. A target with its own lookup policy never shares a connection opened without it.
 */
function credentialDigest(t: SshTarget): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify([t.auth, t.hostKeyFingerprint, Boolean(t.lookup)]))
    .digest('hex');
}

export class SshPool {
  private readonly entries = new Map<string, Entry>();
  private readonly options: SshPoolOptions;

  constructor(options: Partial<SshPoolOptions> = {}) {
    this.options = { ...DEFAULT_POOL_OPTIONS, ...options };
  }

  /** The handle for a node. Same target -> same connection; changed credentials or pin -> a new one. */
  node(target: SshTarget): NodeSsh {
    const key = targetKey(target);
    const credentials = credentialDigest(target);
    const existing = this.entries.get(key);
    if (existing && existing.credentials === credentials) return existing.node;
    existing?.conn.retire();
    const conn = new NodeConnection({ ...target, port: target.port ?? 22, username: target.username ?? 'root' }, this.options);
    const entry = { credentials, conn, node: new NodeSsh(conn, this.options) };
    this.entries.set(key, entry);
    return entry.node;
  }

  /** Counters of a target's connection (undefined if the pool never saw it). */
  stats(target: { host: string; port?: number; username?: string }): ConnectionStats | undefined {
    return this.entries.get(targetKey(target))?.conn.stats();
  }

  /** Close every connection; calls in flight fail with a `channel` error. */
  async close(): Promise<void> {
    for (const entry of this.entries.values()) entry.conn.close();
    this.entries.clear();
  }
}
