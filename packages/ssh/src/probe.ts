/**
 * Trust on first use: connect, read the host key the server presents, and hang up before
 * authenticating. The caller shows the fingerprint to the user, who confirms it once; it is then
 * pinned on the node record and every later connection is verified against it.
 */
import type { LookupFunction } from 'node:net';
import ssh2 from 'ssh2';
import { SshError } from './errors';
import { fingerprintOfBlob, keyTypeOfBlob } from './keys';
import { openSocket, unreachable } from './socket';

export interface HostKeyInfo {
  /** `SHA256:<base64>` */
  fingerprint: string;
  /** e.g. `ssh-ed25519` */
  keyType: string;
}

export async function probeHostKey(host: string, port = 22, opts: { timeout?: number; lookup?: LookupFunction } = {}): Promise<HostKeyInfo> {
  const timeout = opts.timeout ?? 10_000;
  const label = `${host}:${port}`;
  const sock = await openSocket(host, port, timeout, undefined, opts.lookup);
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let seen: HostKeyInfo | undefined;
    const done = () => {
      client.removeAllListeners();
      client.on('error', () => {});
      client.end();
      sock.destroy();
      if (seen) resolve(seen);
      else reject(new SshError('unreachable', `${label} did not complete an SSH key exchange (is it an SSH server?).`, { target: label, reason: 'closed' }));
    };
    client.on('error', (err: Error & { level?: string }) => {
      if (seen) return done();
      if (err.level === 'client-timeout') return done();
      client.removeAllListeners();
      client.on('error', () => {});
      sock.destroy();
      reject(unreachable(label, (err as NodeJS.ErrnoException).code ?? 'ECONNRESET', err));
    });
    client.on('close', done);
    client.connect({
      sock,
      username: 'kiln-probe',
      readyTimeout: timeout,
      hostVerifier: (key: Buffer) => {
        seen = { fingerprint: fingerprintOfBlob(key), keyType: keyTypeOfBlob(key) };
        return false; // stop here: we only wanted the key
      },
    });
  });
}
