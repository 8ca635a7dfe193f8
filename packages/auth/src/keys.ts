/**
 * Every Redis key @kiln/auth writes: the one place their strings are spelled out. The rest of
 * Kiln's keys (inventory, VMIDs, console, progress) are listed in packages/services/src/keys.ts;
 * auth keeps its own because services depend on auth, not the other way round. Values that
 * could open something (session ids, sign-in tokens) only ever appear here hashed.
 */

// ---- Sessions (TTL: sliding idle, capped by the absolute lifetime; see SessionStore) ----
/** A session, under the hash of its id (other processes check liveness with it). */
export const sessionKeyOfHash = (idHash: string) => `sess:${idHash}`;
/** The set of a user's session hashes, for "sign out everywhere" (TTL: the absolute lifetime). */
export const userSessionsKey = (userId: string) => `user-sess:${userId}`;

// ---- Second factors ----
/** Password was right, second factor not yet: keyed by the hash of the pending token. */
export const pendingSignInKey = (tokenHash: string) => `2fa-pending:${tokenHash}`;
/** A TOTP secret being enrolled, sealed, until the first code confirms it. */
export const totpEnrolKey = (userId: string) => `totp-enrol:${userId}`;
export const TOTP_ENROL_TTL_SECONDS = 15 * 60;
/** The last accepted TOTP step, so a code cannot be used twice (TTL: four periods). */
export const totpLastStepKey = (userId: string) => `totp-last:${userId}`;
/** WebAuthn challenges: registration per user, sign-in per challenge. */
export const webauthnRegKey = (userId: string) => `webauthn-reg:${userId}`;
export const webauthnAuthKey = (challenge: string) => `webauthn-auth:${challenge}`;
export const WEBAUTHN_CHALLENGE_TTL_SECONDS = 5 * 60;

// ---- Rate limits (TTL: the policy's window, see rate-limit.ts) ----
/** A fixed-window counter of one kind of secret check (password change, 2FA codes, passkey IPs). */
export const attemptLimitKey = (scope: string, id: string) => `rl:${scope}:${id}`;
export const loginAccountLimitKey = (username: string) => `rl:login:acct:${username.toLowerCase()}`;
export const loginIpLimitKey = (ip: string) => `rl:login:ip:${ip}`;
