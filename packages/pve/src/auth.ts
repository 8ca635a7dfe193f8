import { ValidationError } from '@kiln/core';

export interface ApiToken {
  /** `USER@REALM!TOKENID`, not secret. */
  tokenId: string;
  /** The token secret (a UUID on real PVE). Never log it. */
  secret: string;
}

// PVE's realm and token-name regex is `[A-Za-z][A-Za-z\d.\-_]+`: at least two characters each.
const TOKEN_ID_RE = /^[^\s@!=:/]+@[A-Za-z][A-Za-z0-9.\-_]+![A-Za-z][A-Za-z0-9.\-_]+$/;
const HEADER_PREFIX = 'PVEAPIToken=';

/**
 * Parse `USER@REALM!TOKENID=SECRET` (optionally prefixed by `PVEAPIToken=`).
 * Splits at the LAST `=`, as PVE does. Error messages never echo the input, which holds the secret.
 */
export function parseApiToken(input: string): ApiToken {
  let text = input.trim();
  if (text.startsWith(HEADER_PREFIX)) text = text.slice(HEADER_PREFIX.length);
  const at = text.lastIndexOf('=');
  if (at <= 0) {
    throw new ValidationError('The API token must look like USER@REALM!TOKENID=SECRET.', {
      token: 'Expected USER@REALM!TOKENID=SECRET',
    });
  }
  return validateApiToken({ tokenId: text.slice(0, at), secret: text.slice(at + 1) });
}

export function validateApiToken(token: ApiToken): ApiToken {
  const tokenId = token.tokenId.trim();
  const secret = token.secret.trim();
  if (!TOKEN_ID_RE.test(tokenId)) {
    throw new ValidationError('The API token id must look like USER@REALM!TOKENID, e.g. kiln@pve!kiln.', {
      tokenId: 'Expected USER@REALM!TOKENID',
    });
  }
  if (secret.length === 0 || /\s/.test(secret)) {
    throw new ValidationError('The API token secret is empty or malformed.', { secret: 'Invalid secret' });
  }
  return { tokenId, secret };
}

export function authorizationHeader(token: ApiToken): string {
  return `${HEADER_PREFIX}${token.tokenId}=${token.secret}`;
}
