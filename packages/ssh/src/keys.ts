/** Key material: Kiln's own ed25519 key pairs and OpenSSH-style fingerprints. */
import crypto from 'node:crypto';
import { generateEd25519OpenSsh } from '@kiln/core/ssh-key';
import ssh2 from 'ssh2';
import { SshError } from './errors';

const { utils } = ssh2;

export interface KeyPair {
  /** One line for authorized_keys: `ssh-ed25519 AAAA... kiln@<label>`. */
  publicKey: string;
  /** OpenSSH private key (PEM-armoured `BEGIN OPENSSH PRIVATE KEY`). Store encrypted. */
  privateKey: string;
}

export function generateKeyPair(label: string): KeyPair {
  const safe = label.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'key';
  // Not ssh2's generator: about 1 key in 300 it writes comes back "Malformed" from its own parser.
  return generateEd25519OpenSsh(`kiln@${safe}`);
}

/** `SHA256:<unpadded base64>` of a public key in SSH wire format, as `ssh-keygen -lf` prints. */
export function fingerprintOfBlob(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** Fingerprint of an OpenSSH public key line or a private key. */
export function fingerprintOfKey(keyText: string): string {
  const parsed = utils.parseKey(keyText);
  const key = parsed instanceof Error ? undefined : Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key) throw new SshError('invalid-argument', 'Not a valid SSH key.');
  return fingerprintOfBlob(key.getPublicSSH());
}

/** The algorithm name inside an SSH wire-format public key (`ssh-ed25519`, `ecdsa-sha2-nistp256`, ...). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return len > 0 && len < 64 && blob.length >= 4 + len ? blob.subarray(4, 4 + len).toString('ascii') : 'unknown';
}

/** Normalise a fingerprint the user pasted (`SHA256:...`, with or without padding). */
export function normalizeFingerprint(fp: string): string {
  const trimmed = fp.trim();
  const body = trimmed.startsWith('SHA256:') ? trimmed.slice(7) : trimmed;
  return `SHA256:${body.replace(/=+$/, '')}`;
}
