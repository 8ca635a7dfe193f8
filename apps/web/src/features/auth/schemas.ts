import { z } from 'zod';
import { passwordSchema, usernameSchema } from '@kiln/auth/schemas';

export const loginSchema = z.object({
  username: z.string().trim().min(1, 'Enter your username.').max(64, 'Use at most 64 characters.'),
  password: z.string().min(1, 'Enter your password.').max(256, 'Use at most 256 characters.'),
});
export type LoginInput = z.infer<typeof loginSchema>;

const newPassword = z
  .object({ password: passwordSchema, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match.' });

export const setupSchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().max(100, 'Use at most 100 characters.').optional(),
    password: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match.' });
export type SetupInput = z.input<typeof setupSchema>;

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().max(100, 'Use at most 100 characters.').optional(),
  password: passwordSchema,
  role: z.enum(['admin', 'user']),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const changePasswordSchema = z.object({ currentPassword: z.string().min(1, 'Enter your current password.') }).and(newPassword);
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

const totpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'Enter the 6-digit code from your app.');
export const totpCodeSchema = z.object({ code: totpCode });
export type TotpCodeInput = z.infer<typeof totpCodeSchema>;

/** The second sign-in step: a code from the authenticator app or a one-time recovery code. */
export const secondFactorSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('totp'), code: totpCode }),
  z.object({ method: z.literal('recovery'), code: z.string().trim().min(10, 'Enter a recovery code such as abcd-efgh-jkmn.').max(40, 'Enter a recovery code such as abcd-efgh-jkmn.') }),
]);
export type SecondFactorFormInput = z.infer<typeof secondFactorSchema>;

const b64url = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9_-]*$/);

/** A browser's WebAuthn assertion, checked for shape here and for its signature on the server. */
export const passkeyAssertionSchema = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: b64url, authenticatorData: b64url, signature: b64url, userHandle: b64url.optional() }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
});

/** A browser's WebAuthn attestation (a new passkey). */
export const passkeyAttestationSchema = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: b64url, attestationObject: b64url, transports: z.array(z.string().max(32)).max(10).optional() }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
});

/** What the browser library returns, as the shape the schema checks (it has no index signature). */
export type PasskeyAttestationInput = z.input<typeof passkeyAttestationSchema>;

export const passkeySignInSchema = z.object({
  /** After the password (second factor) or instead of it (discoverable passkey). */
  mode: z.enum(['second-factor', 'passwordless']),
  response: passkeyAssertionSchema,
});

/** The account password, asked again before a second factor is removed or replaced. */
export const confirmPasswordSchema = z.object({ password: z.string().min(1, 'Enter your password.').max(1024, 'That is too long for a password.') });

export const passkeyNameSchema = z.string().trim().min(1, 'Give the passkey a name.').max(60, 'Use at most 60 characters.');

/** Admin recovery of another account: a new password, removal of its second factors, or both. */
export const resetUserSchema = z
  .object({
    userId: z.uuid('Unknown user.'),
    password: z.union([z.literal(''), passwordSchema]).optional(),
    clearTwoFactor: z.boolean(),
  })
  .refine((v) => !!v.password || v.clearTwoFactor, { path: ['password'], message: 'Set a new password, remove two-factor sign-in, or both.' });
export type ResetUserInput = z.input<typeof resetUserSchema>;
