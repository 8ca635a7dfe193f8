import { z } from 'zod';

/**
 * The shape of a service check as a user edits it: one schema for the form, the server action and
 * the service (client-safe: zod only, exported as @kiln/services/service-checks-schema).
 */
export const CHECK_KINDS = ['http', 'https', 'tcp', 'ping'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const CHECK_KIND_LABELS: Record<CheckKind, string> = {
  http: 'HTTP',
  https: 'HTTPS',
  tcp: 'TCP connect',
  // ICMP needs raw sockets the worker does not have: a TCP connect answered at all (even refused) means the host is up.
  ping: 'Reachability (TCP, not ICMP)',
};

/** A host name or an IP address, without scheme, port or path. */
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$|^[0-9a-fA-F:]+$/;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

export const checkFieldsSchema = z.object({
  name: z.string().trim().min(1, 'Give the check a name').max(80),
  kind: z.enum(CHECK_KINDS),
  host: optionalText(253).refine((v) => v === undefined || HOST.test(v), 'must be a host name or an IP address'),
  port: z.coerce.number().int().min(1).max(65_535),
  path: z.string().trim().startsWith('/', 'must start with /').max(2048).default('/'),
  expectStatus: z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().min(100).max(599).optional()),
  keyword: optionalText(200),
  tlsWarnDays: z.coerce.number().int().min(0).max(365).default(14),
  intervalSeconds: z.coerce.number().int().min(10).max(86_400).default(60),
  timeoutMs: z.coerce.number().int().min(100).max(60_000).default(5000),
  failuresToAlert: z.coerce.number().int().min(1).max(100).default(2),
  enabled: z.boolean().default(true),
});
export type CheckFields = z.infer<typeof checkFieldsSchema>;

/** Adding a check to a Kiln container (by its node and VMID, as the container page knows it). */
export const createServiceCheckSchema = checkFieldsSchema.extend({ nodeId: z.uuid(), vmid: z.number().int().positive() });
export const updateServiceCheckSchema = checkFieldsSchema.extend({ id: z.uuid() });
export const serviceCheckIdSchema = z.object({ id: z.uuid() });
export const pauseServiceCheckSchema = z.object({ id: z.uuid(), enabled: z.boolean() });
export type CreateServiceCheckInput = z.input<typeof createServiceCheckSchema>;
export type UpdateServiceCheckInput = z.input<typeof updateServiceCheckSchema>;
