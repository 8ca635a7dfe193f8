/** Provisioning steps and the healthcheck, as a template declares them. */
import { z } from 'zod';
import { STEP_ID, STEP_ID_MESSAGE, OWNER, OWNER_MESSAGE } from '../names';

export const STEP_TYPES = ['script', 'packages', 'file', 'service'] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** Seconds. A day at most: a step that needs longer is a job of its own. */
const timeout = (seconds: number) => z.number().int().min(1).max(86_400).default(seconds);

/**
 * File modes are octal. YAML 1.2 reads an unquoted 0644 as the decimal number 644, so numbers
 * are taken digit by digit (644 -> "0644"); quoting ("0644") is clearer.
 */
export const fileModeSchema = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? String(v) : v),
  z
    .string({ error: 'must be an octal mode like "0644"' })
    .regex(/^[0-7]{3,4}$/, 'must be an octal mode like "0644"')
    .transform((m) => m.padStart(4, '0')),
);

const base = {
  id: z.string().regex(STEP_ID, STEP_ID_MESSAGE),
  title: z.string().min(1).max(120).optional(),
};

export const scriptStepSchema = z.strictObject({
  ...base,
  type: z.literal('script'),
  /** Shell text, fed on stdin (never argv). */
  run: z.string().min(1, 'must not be empty'),
  shell: z.enum(['bash', 'sh']).default('bash'),
  timeout: timeout(600),
  /** Scripts are not assumed idempotent: a failed one is not re-run unless the template says so. */
  retry: z.boolean().default(false),
});

export const packagesStepSchema = z.strictObject({
  ...base,
  type: z.literal('packages'),
  packages: z.array(z.string().min(1)).min(1, 'must list at least one package').max(200),
  timeout: timeout(1800),
  retry: z.boolean().default(true),
});

export const fileStepSchema = z.strictObject({
  ...base,
  type: z.literal('file'),
  path: z.string().min(2).max(4096),
  content: z.string().max(1_048_576),
  mode: fileModeSchema.default('0644'),
  owner: z.string().regex(OWNER, OWNER_MESSAGE).default('root:root'),
  timeout: timeout(60),
  retry: z.boolean().default(true),
});

/** Desired state: enabled or disabled at boot; started, restarted (to pick up new config) or stopped now. */
export const serviceStepSchema = z.strictObject({
  ...base,
  type: z.literal('service'),
  name: z.string().min(1),
  enable: z.boolean().default(true),
  start: z.boolean().default(true),
  restart: z.boolean().default(false),
  timeout: timeout(120),
  retry: z.boolean().default(true),
});

export const stepSchema = z.discriminatedUnion('type', [scriptStepSchema, packagesStepSchema, fileStepSchema, serviceStepSchema]);

export const healthcheckSchema = z
  .strictObject({
    /** Text: a shell snippet (run like a script, on stdin). A list: an argv run as is. */
    command: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: 'must be a shell command (text) or an argv list' }).optional(),
    /** Checked from inside the container: any 2xx or 3xx answer from 127.0.0.1:port passes. */
    http: z
      .strictObject({
        port: z.union([z.number().int().min(1).max(65_535), z.string().includes('{{', { error: 'must be a port number or {{ params.name }}' })], {
          error: 'must be a port number or {{ params.name }}',
        }),
        path: z.string().startsWith('/', 'must start with /').max(2048).default('/'),
      })
      .optional(),
    /** Seconds between attempts. */
    interval: z.number().int().min(1).max(3600).default(5),
    /** Attempts after the first one before the check counts as failed. */
    retries: z.number().int().min(0).max(1000).default(12),
    /** Seconds one attempt may take. */
    timeout: z.number().int().min(1).max(600).default(10),
  })
  .superRefine((h, ctx) => {
    if ((h.command === undefined) === (h.http === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'set exactly one of command or http' });
    }
  });

export type Step = z.infer<typeof stepSchema>;
export type ScriptStep = z.infer<typeof scriptStepSchema>;
export type PackagesStep = z.infer<typeof packagesStepSchema>;
export type FileStep = z.infer<typeof fileStepSchema>;
export type ServiceStep = z.infer<typeof serviceStepSchema>;
export type Healthcheck = z.infer<typeof healthcheckSchema>;
