import { z } from 'zod';

/** Shapes shared by forms (client) and the server; no Node-only imports here. */
export const PASSWORD_MIN_LENGTH = 12;

export const passwordSchema = z.string().min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`).max(256, 'Use at most 256 characters.');

export const usernameSchema = z
  .string()
  .trim()
  .min(2, 'Use at least 2 characters.')
  .max(64, 'Use at most 64 characters.')
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'Letters, digits, ".", "_" and "-" only, starting with a letter or digit.')
  .transform((s) => s.toLowerCase());
