/**
 * One SSH connection to one node, shared by every caller: opened on first use, at most
 * `maxChannels` sessions at a time (callers beyond that wait in FIFO order), closed after
 * `idleTimeoutMs` without use, and reopened on the next call if it dropped.
 */
import type { LookupFunction } from 'node:net';
import ssh2, { type Client, type ConnectConfig } from 'ssh2';
import { raceAbort } from './deadline';
import { SshError } from './errors';
import { fingerprintOfBlob, normalizeFingerprint } from './keys';
import { Semaphore } from './semaphore';
import { openSocket, unreachable } from './socket';

export type SshAuth = { password: string } | { privateKey: string; passphrase?: string };

export interface SshTarget {
  host: string;
  /** Default 22. */
  port?: number;
  /** Default root: pct needs it. */
  username?: string;
  auth: SshAuth;
  /** Pinned host key fingerprint, `SHA256:<base64>` as ssh-keygen prints it (see probeHostKey). */
  hostKeyFingerprint: string;
  /** Name resolution at connect time (a caller's address policy); not part of the pool key. */
  lookup?: LookupFunction;
}

export interface ConnectionOptions {
  maxChannels: number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  keepaliveCountMax: number;
}

export interface ConnectionStats {
  /** Completed SSH handshakes (1 for a connection that never dropped). */
  handshakes: number;
  /** Sessions (channels) open right now. */
  activeChannels: number;
  /** Most sessions ever open at once. */
  peakChannels: number;
  /** Calls waiting for a free session slot. */
  queued: number;
  connected: boolean;
}

/** A held session slot on a live client. Release exactly once. */
export interface Lease {
  client: Client;
  channelOpened(): void;
  release(): void;
}

export class NodeConnection {
  readonly label: string;
  private readonly slots: Semaphore;
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private retired = false;
  private handshakes = 0;
  private openChannels = 0;
  private peakChannels = 0;

  constructor(
    private readonly target: Required<Omit<SshTarget, 'auth' | 'lookup'>> & Pick<SshTarget, 'auth' | 'lookup'>,
    private readonly options: ConnectionOptions,
  ) {
    this.label = `${target.host}:${target.port}`;
    this.slots = new Semaphore(options.maxChannels);
  }

  stats(): ConnectionStats {
    return { handshakes: this.handshakes, activeChannels: this.openChannels, peakChannels: this.peakChannels, queued: this.slots.queued, connected: this.client !== undefined };
  }

  /** Wait for a session slot and a live connection (both bounded by `signal`). */
  async lease(signal: AbortSignal): Promise<Lease> {
    if (this.retired) throw new SshError('channel', `The connection to ${this.label} was closed.`, { target: this.label });
    this.cancelIdle();
    await this.slots.acquire(signal);
    let client: Client;
    try {
      client = await raceAbort(this.connected(), signal);
    } catch (e) {
      this.slots.release();
      this.scheduleIdle();
      throw e;
    }
    let opened = false;
    let released = false;
    return {
      client,
      channelOpened: () => {
        if (opened || released) return;
        opened = true;
        this.openChannels++;
        this.peakChannels = Math.max(this.peakChannels, this.openChannels);
      },
      release: () => {
        if (released) return;
        released = true;
        if (opened) this.openChannels--;
        this.slots.release();
        this.scheduleIdle();
      },
    };
  }

  /** Stop taking new calls; close once the running ones are done. */
  retire(): void {
    this.retired = true;
    this.scheduleIdle();
  }

  close(): void {
    this.retired = true;
    this.cancelIdle();
    this.client?.end();
    this.client = undefined;
  }

  private connected(): Promise<Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const { host, port, username, auth } = this.target;
    const pinned = normalizeFingerprint(this.target.hostKeyFingerprint);
    const sock = await openSocket(host, port, this.options.connectTimeoutMs, undefined, this.target.lookup);
    return new Promise<Client>((resolve, reject) => {
      const client = new ssh2.Client();
      let presented: string | undefined;
      let settled = false;
      client.once('ready', () => {
        settled = true;
        this.handshakes++;
        this.client = client;
        resolve(client);
      });
      // Stays attached for the client's life: ssh2 may emit more errors after the first one
      // (e.g. "Connection lost before handshake" after a timeout). After the handshake, errors
      // surface on the channels, and the 'close' below forgets the client.
      client.on('error', (err: Error & { level?: string }) => {
        if (settled) return;
        settled = true;
        client.end();
        sock.destroy();
        reject(this.connectError(err, pinned, presented));
      });
      client.on('close', () => {
        if (this.client === client) this.client = undefined;
      });
      const config: ConnectConfig = {
        sock,
        username,
        readyTimeout: this.options.connectTimeoutMs,
        keepaliveInterval: this.options.keepaliveIntervalMs,
        keepaliveCountMax: this.options.keepaliveCountMax,
        tryKeyboard: false,
        hostVerifier: (key: Buffer) => {
          presented = fingerprintOfBlob(key);
          return presented === pinned;
        },
        ...('password' in auth ? { password: auth.password } : { privateKey: auth.privateKey, passphrase: auth.passphrase }),
      };
      client.connect(config);
    });
  }

  private connectError(err: Error & { level?: string }, pinned: string, presented: string | undefined): SshError {
    const label = this.label;
    if (presented !== undefined && presented !== pinned) {
      return new SshError(
        'host-key-mismatch',
        `The host key of ${label} does not match the pinned one: expected ${pinned}, got ${presented}. ` + 'If the node was reinstalled, verify the new fingerprint on its console and pin it again.',
        { target: label, expectedFingerprint: pinned, actualFingerprint: presented },
      );
    }
    if (err.level === 'client-authentication') {
      return new SshError('auth', `${this.target.username}@${label} refused our credentials.`, { target: label });
    }
    if (err.level === 'client-timeout') {
      return new SshError('unreachable', `Cannot reach ${label}: no SSH handshake within ${this.options.connectTimeoutMs / 1000}s.`, { target: label, reason: 'timeout' });
    }
    return unreachable(label, (err as NodeJS.ErrnoException).code ?? 'ECONNRESET', err);
  }

  private cancelIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private scheduleIdle(): void {
    this.cancelIdle();
    if (this.slots.inUse > 0 || this.slots.queued > 0) return;
    const delay = this.retired ? 0 : this.options.idleTimeoutMs;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.slots.inUse > 0 || this.slots.queued > 0) return;
      this.client?.end();
      this.client = undefined;
    }, delay);
    // An idle pool must not keep the process alive.
    this.idleTimer.unref();
  }
}
