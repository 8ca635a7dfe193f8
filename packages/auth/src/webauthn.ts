import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { addPasskey, findPasskeyByCredentialId, passkeyCredentials, touchPasskey, type Db } from '@kiln/db';
import type { Redis } from '@kiln/redis';
import { WEBAUTHN_CHALLENGE_TTL_SECONDS, webauthnAuthKey, webauthnRegKey } from './keys';

export type { AuthenticationResponseJSON, RegistrationResponseJSON };

/** The relying party: rpID is APP_URL's host name, the only accepted origin is APP_URL's origin. */
export interface RelyingParty {
  rpID: string;
  origin: string;
}

export function relyingPartyFrom(appUrl: string): RelyingParty {
  const u = new URL(appUrl);
  return { rpID: u.hostname, origin: u.origin };
}

const CHALLENGE_SECONDS = WEBAUTHN_CHALLENGE_TTL_SECONDS;
const regKey = webauthnRegKey;
const authKey = webauthnAuthKey;
const toTransports = (t: string[]) => t as NonNullable<RegistrationResponseJSON['response']['transports']>;

function challengeOf(response: AuthenticationResponseJSON): string | null {
  try {
    const c = (JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
    return typeof c === 'string' && c.length <= 256 ? c : null;
  } catch {
    return null;
  }
}

/** Passkeys (WebAuthn): challenges live in Redis for 5 minutes and are used once. */
export class Passkeys {
  constructor(
    private readonly db: Db,
    private readonly redis: Redis,
    private readonly rp: () => RelyingParty,
  ) {}

  async registrationOptions(user: { id: string; username: string; displayName: string | null }): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const existing = await passkeyCredentials(this.db, user.id);
    const options = await generateRegistrationOptions({
      rpName: 'Kiln',
      rpID: this.rp().rpID,
      userName: user.username,
      userDisplayName: user.displayName ?? user.username,
      userID: new TextEncoder().encode(user.id),
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.credentialId, transports: c.transports })),
      // Discoverable when the authenticator can, so the same passkey also signs in without a password.
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    await this.redis.set(regKey(user.id), options.challenge, 'EX', CHALLENGE_SECONDS);
    return options;
  }

  /** Verifies and stores a new passkey; false when the response does not match the challenge. */
  async register(userId: string, response: RegistrationResponseJSON, name: string) {
    const expectedChallenge = await this.redis.getdel(regKey(userId));
    if (!expectedChallenge) return null;
    const rp = this.rp();
    const res = await verifyRegistrationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    }).catch(() => null);
    if (!res?.verified) return null;
    const c = res.registrationInfo.credential;
    return addPasskey(this.db, { userId, credentialId: c.id, publicKey: c.publicKey, counter: c.counter, transports: c.transports ?? [], name });
  }

  /** Options for a sign-in: for one user (second factor) or for any discoverable passkey (no user). */
  async authenticationOptions(userId: string | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const creds = userId ? await passkeyCredentials(this.db, userId) : [];
    const options = await generateAuthenticationOptions({
      rpID: this.rp().rpID,
      allowCredentials: creds.map((c) => ({ id: c.credentialId, transports: toTransports(c.transports) })),
      userVerification: 'preferred',
    });
    await this.redis.set(authKey(options.challenge), userId ?? '', 'EX', CHALLENGE_SECONDS);
    return options;
  }

  /**
   * The user a signed assertion proves, or null. `forUserId` null means passwordless: then the
   * authenticator must also have verified the user (PIN or biometrics), as it is the only factor.
   */
  async verify(response: AuthenticationResponseJSON, forUserId: string | null): Promise<string | null> {
    const challenge = challengeOf(response);
    if (!challenge) return null;
    const boundTo = await this.redis.getdel(authKey(challenge));
    if (boundTo === null || boundTo !== (forUserId ?? '')) return null;
    const cred = await findPasskeyByCredentialId(this.db, response.id);
    if (!cred || (forUserId && cred.userId !== forUserId)) return null;
    const rp = this.rp();
    const res = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: { id: cred.credentialId, publicKey: new Uint8Array(cred.publicKey), counter: Number(cred.counter), transports: toTransports(cred.transports) },
      requireUserVerification: forUserId === null,
    }).catch(() => null);
    if (!res?.verified) return null;
    await touchPasskey(this.db, cred.id, res.authenticationInfo.newCounter);
    return cred.userId;
  }
}
