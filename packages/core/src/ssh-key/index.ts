/**
 * ed25519 key pairs in OpenSSH format, encoded here from node:crypto's raw key bytes.
 *
 * Why not ssh2's `utils.generateKeyPairSync('ed25519')`: it drops a leading zero byte of the
 * public key (1 key in 256), writes a 31-byte key, and its own `parseKey` then rejects the private
 * key as "Malformed OpenSSH private key". Kiln (per-node SSH keys) and the simulator (host keys)
 * both use this one encoder, which always writes 32 bytes.
 */
import crypto from 'node:crypto';

export interface OpenSshKeyPair {
  /** One line: `ssh-ed25519 AAAA... <comment>` (no trailing newline). */
  publicKey: string;
  /** `-----BEGIN OPENSSH PRIVATE KEY-----` ... with a trailing newline, unencrypted. */
  privateKey: string;
}

const KEY_TYPE = 'ssh-ed25519';

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/** SSH wire `string`: a uint32 length, then the bytes. */
function sshString(data: Buffer | string): Buffer {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return Buffer.concat([u32(bytes.length), bytes]);
}

/** The public key in SSH wire format (what fingerprints hash). */
export function ed25519PublicBlob(publicKey: Buffer): Buffer {
  return Buffer.concat([sshString(KEY_TYPE), sshString(publicKey)]);
}

/** Raw 32-byte seed and public key of a node:crypto ed25519 key (JWK is the portable way out). */
function rawKeys(privateKey: crypto.KeyObject): { seed: Buffer; pub: Buffer } {
  const jwk = privateKey.export({ format: 'jwk' });
  if (!jwk.d || !jwk.x) throw new Error('ed25519 key export lacks d or x');
  const seed = Buffer.from(jwk.d, 'base64url');
  const pub = Buffer.from(jwk.x, 'base64url');
  if (seed.length !== 32 || pub.length !== 32) throw new Error('ed25519 key export has the wrong length');
  return { seed, pub };
}

/** PROTOCOL.key: "openssh-key-v1\0", cipher/kdf none, one key, then the padded private section. */
function encodePrivate(seed: Buffer, pub: Buffer, comment: string): string {
  const check = crypto.randomBytes(4);
  let priv = Buffer.concat([check, check, sshString(KEY_TYPE), sshString(pub), sshString(Buffer.concat([seed, pub])), sshString(comment)]);
  const padLen = (8 - (priv.length % 8)) % 8;
  priv = Buffer.concat([priv, Buffer.from(Array.from({ length: padLen }, (_, i) => i + 1))]);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), sshString('none'), sshString('none'), sshString(''), u32(1), sshString(ed25519PublicBlob(pub)), sshString(priv)]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** A fresh ed25519 key pair in OpenSSH format. `comment` must be one line. */
export function generateEd25519OpenSsh(comment: string): OpenSshKeyPair {
  if (/[\r\n]/.test(comment)) throw new Error('key comment must be a single line');
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const { seed, pub } = rawKeys(privateKey);
  const publicLine = `${KEY_TYPE} ${ed25519PublicBlob(pub).toString('base64')}${comment ? ` ${comment}` : ''}`;
  return { publicKey: publicLine, privateKey: encodePrivate(seed, pub, comment) };
}
