import type { LookupFunction } from 'node:net';

/**
 * What the connection test needs from SSH, kept as an interface so the test logic does not
 * depend on how @kiln/ssh pools connections.
 */
export interface SshProbeInput {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  /** Pinned host key ('SHA256:...'); absent on first contact (trust on first use). */
  expectedHostKey?: string;
  timeoutMs?: number;
  /** Name resolution for the connection (refuses addresses the user may not reach). */
  lookup?: LookupFunction;
}

export type SshProbeResult =
  | { ok: true; hostKeyFingerprint: string; pctPresent: boolean; pveVersion?: string }
  | {
      ok: false;
      stage: 'connect' | 'host-key' | 'auth' | 'exec';
      message: string;
      hostKeyFingerprint?: string;
    };

export type SshProber = (input: SshProbeInput) => Promise<SshProbeResult>;
