import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// Crockford-style alphabet without look-alikes (0/O, 1/I/L).
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 12 characters from 31 (~59 bits): too many to guess, so a fast hash is enough at rest. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(12);
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** SHA-256 bound to the user, of the code without dashes, spaces or case. */
export function hashRecoveryCode(userId: string, code: string): string {
  const normal = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  return createHash('sha256').update(`${userId}:${normal}`).digest('base64url');
}
