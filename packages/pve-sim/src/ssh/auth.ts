/**
 * sshd's decision for the simulated node: user root with the root password, or with a public key
 * listed in the authorized_keys file (read again on every attempt, so keys added at run time work).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import ssh2, { type AuthContext, type ParsedKey } from 'ssh2';

const { utils } = ssh2;

export interface AuthOptions {
  rootPassword: string;
  authorizedKeysFile?: string;
}

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(256|384|521)|sk-[\w@.-]+)$/;

/** Keys of an OpenSSH authorized_keys file; lines may start with options (`no-pty,from="..." ssh-ed25519 ...`). */
export function parseAuthorizedKeys(text: string): ParsedKey[] {
  const keys: ParsedKey[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const tokens = line.split(/\s+/);
    const at = tokens.findIndex((t) => KEY_TYPE.test(t));
    if (at < 0 || !tokens[at + 1]) continue;
    const parsed = utils.parseKey(`${tokens[at]} ${tokens[at + 1]}`);
    if (parsed instanceof Error) continue;
    keys.push(...(Array.isArray(parsed) ? parsed : [parsed]));
  }
  return keys;
}

function digest(s: string): Buffer {
  return crypto.createHash('sha256').update(s, 'utf8').digest();
}

export function createAuthHandler(opts: AuthOptions): (ctx: AuthContext) => void {
  const expected = digest(opts.rootPassword);
  return (ctx) => {
    const refuse = () => ctx.reject(['publickey', 'password']);
    if (ctx.username !== 'root') return refuse();
    if (ctx.method === 'password') {
      return crypto.timingSafeEqual(digest(ctx.password), expected) ? ctx.accept() : refuse();
    }
    if (ctx.method !== 'publickey' || !opts.authorizedKeysFile) return refuse();
    const { key, signature, blob, hashAlgo } = ctx;
    fs.promises.readFile(opts.authorizedKeysFile, 'utf8').then(
      (text) => {
        const match = parseAuthorizedKeys(text).find((k) => k.getPublicSSH().equals(key.data));
        if (!match) return refuse();
        // Without a signature the client only asks whether this key would be accepted.
        if (!signature || !blob) return ctx.accept();
        return match.verify(blob, signature, hashAlgo) === true ? ctx.accept() : refuse();
      },
      () => refuse(),
    );
  };
}
