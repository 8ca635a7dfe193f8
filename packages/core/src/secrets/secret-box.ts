import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CryptoError } from '../errors';

/**
 * AES-256-GCM for secrets at rest.
 *
 * Sealed format: `kiln1.<keyVersion>.<iv>.<tag>.<ciphertext>` (base64url parts).
 * - a random 12-byte IV per seal, a 16-byte auth tag;
 * - associated data binds the ciphertext to its record and field, so a token copied onto
 *   another node's row, or into another column, fails to decrypt;
 * - the key version lets keys rotate: the newest key seals, every listed key opens.
 */
export interface KeyEntry {
  version: number;
  key: Buffer;
}

/** Where a secret lives: its table, row id and column. */
export interface SecretContext {
  table: string;
  id: string;
  field: string;
}

const PREFIX = 'kiln1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

function aad(ctx: SecretContext): Buffer {
  return Buffer.from(`${PREFIX}|${ctx.table}|${ctx.id}|${ctx.field}`, 'utf8');
}

export class SecretBox {
  private readonly keys = new Map<number, Buffer>();
  private readonly current: KeyEntry;

  constructor(keys: readonly KeyEntry[]) {
    if (keys.length === 0) throw new CryptoError('No encryption key configured.');
    for (const k of keys) {
      if (k.key.length !== 32) throw new CryptoError(`Encryption key version ${k.version} is not 32 bytes.`);
      if (this.keys.has(k.version)) throw new CryptoError(`Encryption key version ${k.version} is listed twice.`);
      this.keys.set(k.version, k.key);
    }
    const newest = [...keys].sort((a, b) => b.version - a.version)[0]!;
    this.current = newest;
  }

  get currentVersion(): number {
    return this.current.version;
  }

  seal(plaintext: string, ctx: SecretContext): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(aad(ctx));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [PREFIX, String(this.current.version), iv.toString('base64url'), tag.toString('base64url'), ct.toString('base64url')].join('.');
  }

  open(sealed: string, ctx: SecretContext): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== PREFIX) {
      throw new CryptoError(`Stored secret ${ctx.table}.${ctx.field} is not in a format Kiln can read.`);
    }
    const [, versionText, ivText, tagText, ctText] = parts as [string, string, string, string, string];
    const version = Number(versionText);
    const key = this.keys.get(version);
    if (!key) {
      throw new CryptoError(`Stored secret ${ctx.table}.${ctx.field} was sealed with key version ${versionText}, which is not configured (ENCRYPTION_KEY).`);
    }
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new CryptoError(`Stored secret ${ctx.table}.${ctx.field} is damaged.`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(ctx));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new CryptoError(`Stored secret ${ctx.table}.${ctx.field} failed authentication: it was altered or belongs to another record.`);
    }
  }

  /** True when the value was sealed with an older key and should be re-sealed. */
  needsRotation(sealed: string): boolean {
    return sealed.split('.')[1] !== String(this.current.version);
  }
}
