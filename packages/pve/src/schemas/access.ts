import { z } from 'zod';
import { pveBool } from './primitives';

/**
 * `/access/permissions`: ACL path -> privilege -> propagate flag. A privilege listed at a path
 * applies there; with propagate (true) it also applies below it (`/vms` -> `/vms/101`).
 */
export const permissionsSchema = z.record(z.string(), z.record(z.string(), pveBool));
export type PvePermissions = z.infer<typeof permissionsSchema>;
