import { generateKeyPair, isSshError, probeHostKey, sharedSshPool, type SshError, type SshPool } from '@kiln/ssh';
import type { SshProber } from './nodes/ssh-probe';

/** The process's SSH pool: one connection per node, shared by every caller. */
export function sshPool(): SshPool {
  return sharedSshPool();
}

function describe(e: SshError): string {
  switch (e.kind) {
    case 'auth':
      return `SSH sign-in as the given user was refused: check the password or install Kiln's public key.`;
    case 'host-key-mismatch':
      return `The SSH host key changed: pinned ${e.details.expectedFingerprint}, presented ${e.details.actualFingerprint}. Kiln refuses to connect until you check why.`;
    case 'unreachable':
      return e.details.reason === 'refused'
        ? 'SSH connection refused: check the SSH port and that sshd runs.'
        : e.details.reason === 'dns'
          ? 'The SSH host name could not be resolved.'
          : e.details.reason === 'timeout'
            ? 'Connecting over SSH timed out: check the address and firewalls.'
            : `SSH connection failed: ${e.message}`;
    case 'timeout':
      return 'The SSH command timed out.';
    default:
      return e.message;
  }
}

/**
 * The connection test's SSH side: read the host key (trust on first use, or compare with the
 * pinned one), sign in through the pool, and look for `pct`.
 */
export const probeNodeSsh: SshProber = async (input) => {
  let hostKey = input.expectedHostKey;
  try {
    if (!hostKey) hostKey = (await probeHostKey(input.host, input.port, { timeout: input.timeoutMs ?? 10_000, lookup: input.lookup })).fingerprint;
    const auth = input.privateKey ? { privateKey: input.privateKey } : { password: input.password ?? '' };
    const node = sshPool().node({ host: input.host, port: input.port, username: input.username, auth, hostKeyFingerprint: hostKey, lookup: input.lookup });
    const res = await node.exec(['command', '-v', 'pct'], { timeout: input.timeoutMs ?? 15_000 });
    return { ok: true, hostKeyFingerprint: hostKey, pctPresent: res.exitCode === 0 };
  } catch (e) {
    if (!isSshError(e)) return { ok: false, stage: 'connect', message: 'SSH failed unexpectedly.', hostKeyFingerprint: hostKey };
    const stage = e.kind === 'host-key-mismatch' ? 'host-key' : e.kind === 'auth' ? 'auth' : e.kind === 'unreachable' ? 'connect' : 'exec';
    return { ok: false, stage, message: describe(e), hostKeyFingerprint: e.kind === 'host-key-mismatch' ? e.details.actualFingerprint : hostKey };
  }
};

export async function generateNodeKeyPair(label: string): Promise<{ publicKey: string; privateKey: string }> {
  const pair = generateKeyPair(label);
  return { publicKey: pair.publicKey, privateKey: pair.privateKey };
}
