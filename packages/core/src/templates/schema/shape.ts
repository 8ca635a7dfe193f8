/**
 * The template document's shape, field by field, without the cross-field checks: those
 * (checks.ts) need this shape's type, and template.ts joins the two.
 */
import { z } from 'zod';
import { CATALOGUE_TAG, ICON_KEY, SEMVER, SEMVER_MESSAGE, SLUG, SLUG_MESSAGE, isEmojiIcon } from '../names';
import { appVersionSchema } from './app-version';
import { defaultsSchema } from './defaults';
import { paramSchema } from './params';
import { healthcheckSchema, stepSchema } from './steps';

export const TEMPLATE_API_VERSION = 'kiln/v1';

/**
 * The OS the container starts from, resolved later against the node's `vztmpl` storage or
 * aplinfo (see matchOsTemplate). YAML reads `version: 12` as a number; it is kept as text.
 */
export const osSchema = z.strictObject({
  distribution: z.string().regex(/^[a-z][a-z0-9]{0,31}$/, 'must be a distribution name like debian'),
  version: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().regex(/^[0-9][0-9a-z.]{0,15}$/, 'must be a version like 12 or 24.04')),
  /** `standard` / `default` when absent (never a TurnKey appliance). */
  variant: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/)
    .optional(),
  arch: z.enum(['amd64', 'arm64', 'i386']).default('amd64'),
});

export const templateObjectSchema = z.strictObject({
  apiVersion: z.literal(TEMPLATE_API_VERSION, { error: `must be ${TEMPLATE_API_VERSION}` }),
  slug: z.string().max(63).regex(SLUG, SLUG_MESSAGE),
  name: z.string().min(1).max(80),
  version: z.string().max(64).regex(SEMVER, SEMVER_MESSAGE),
  description: z.string().min(1).max(1000),
  icon: z.string().refine((v) => ICON_KEY.test(v) || isEmojiIcon(v), 'must be a short emoji or an icon key like database'),
  tags: z.array(z.string().max(32).regex(CATALOGUE_TAG, 'must be a lowercase word (a-z, 0-9, -)')).max(12).default([]),
  os: osSchema,
  defaults: defaultsSchema.prefault({}),
  params: z.array(paramSchema).max(50).default([]),
  steps: z.array(stepSchema).min(1, 'must have at least one step').max(100),
  healthcheck: healthcheckSchema.optional(),
  /** Steps to bring an existing container to a newer template version (run later, not on create). */
  update: z.array(stepSchema).max(100).default([]),
  /** How the update check tells the installed and the latest app version (read-only commands). */
  appVersion: appVersionSchema.optional(),
  /** What changed in this version: shown before an update to it (plain text, no `{{ }}`). */
  changelog: z.string().max(4000).optional(),
  /** Shown to the user once the container is ready; `{{ }}` allowed, secrets not. */
  postInstall: z.string().max(4000).optional(),
});
