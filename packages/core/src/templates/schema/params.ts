/** How a template declares its typed parameters (the wizard's form is built from these). */
import { z } from 'zod';
import { PARAM_NAME, PARAM_NAME_MESSAGE } from '../names';
import { patternProblem } from '../pattern';

export const PARAM_TYPES = ['string', 'number', 'boolean', 'enum', 'port', 'secret'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

export const SECRET_CHARSETS = ['alnum', 'hex', 'base64url'] as const;
export type SecretCharset = (typeof SECRET_CHARSETS)[number];

/** User-written regexes run on every wizard submit: keep them short (and so cheap to compile). */
const PATTERN_MAX = 200;

const pattern = z
  .string()
  .max(PATTERN_MAX)
  .superRefine((p, ctx) => {
    const problem = patternProblem(p);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const common = {
  name: z.string().regex(PARAM_NAME, PARAM_NAME_MESSAGE),
  label: z.string().min(1).max(80).optional(),
  help: z.string().max(500).optional(),
};

const stringValidation = z.strictObject({
  min: z.number().int().min(0).optional(),
  max: z.number().int().min(1).max(65_536).optional(),
  /** Must match the whole value (it is anchored). */
  pattern: pattern.optional(),
  /** Shown instead of the generic "has an invalid format". */
  message: z.string().min(1).max(200).optional(),
});

const numberValidation = z.strictObject({
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
});

export const stringParamSchema = z.strictObject({
  ...common,
  type: z.literal('string'),
  default: z.string().optional(),
  /** When true an empty value is accepted (it renders as ''). */
  optional: z.boolean().default(false),
  validation: stringValidation.optional(),
});

export const numberParamSchema = z.strictObject({
  ...common,
  type: z.literal('number'),
  default: z.number().optional(),
  validation: numberValidation.optional(),
});

export const booleanParamSchema = z.strictObject({
  ...common,
  type: z.literal('boolean'),
  default: z.boolean().default(false),
});

export const enumParamSchema = z.strictObject({
  ...common,
  type: z.literal('enum'),
  default: z.string().optional(),
  validation: z.strictObject({ options: z.array(z.string().min(1).max(200)).min(1).max(100) }),
});

export const portParamSchema = z.strictObject({
  ...common,
  type: z.literal('port'),
  default: z.number().int().min(1).max(65_535).optional(),
  validation: z.strictObject({ min: z.number().int().min(1).max(65_535).optional(), max: z.number().int().min(1).max(65_535).optional() }).optional(),
});

export const secretParamSchema = z.strictObject({
  ...common,
  type: z.literal('secret'),
  /** A template never carries a secret value; an empty secret is generated. */
  default: z.never({ error: 'a secret cannot have a default: leave it empty and it is generated' }).optional(),
  validation: stringValidation.optional(),
  generate: z
    .strictObject({
      length: z.number().int().min(8).max(256).default(32),
      charset: z.enum(SECRET_CHARSETS).default('alnum'),
    })
    .prefault({}),
});

export const paramSchema = z.discriminatedUnion('type', [stringParamSchema, numberParamSchema, booleanParamSchema, enumParamSchema, portParamSchema, secretParamSchema]);

export type ParamDefinition = z.infer<typeof paramSchema>;
export type SecretParamDefinition = z.infer<typeof secretParamSchema>;
