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

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, 'Enter your current password.') })
  .and(newPassword);
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
