import { z } from 'zod';
import { isValidTimeZone, SEVERITIES } from './quiet';

/**
 * Each channel kind's settings: `config` is shown back in the form, `secrets` are write-only
 * (sealed at rest, never sent to the browser; an edit that leaves them empty keeps the stored ones).
 */
const httpUrl = z.url({ protocol: /^https?$/, error: 'Enter an http:// or https:// URL.' }).max(2048);
const name = z.string().trim().min(1, 'Enter a name.').max(80);
const headerName = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Header names are letters, digits and dashes.');

export const channelSchemas = {
  webhook: {
    config: z.object({}),
    secrets: z.object({
      url: httpUrl,
      headers: z.record(headerName, z.string().max(1024)).default({}),
      /** Signs the body: `X-Kiln-Signature: sha256=<hex HMAC-SHA256>`. */
      hmacSecret: z.string().max(256).optional(),
    }),
  },
  email: {
    config: z.object({
      host: z.string().trim().min(1, 'Enter the SMTP server.').max(253),
      port: z.coerce.number().int().min(1).max(65535).default(587),
      /** starttls: upgrade after connecting (587); tls: TLS from the start (465); none: plain (local relays). */
      security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
      username: z.string().max(256).optional(),
      from: z.email('Enter the sender address.'),
      to: z.array(z.email('Enter valid recipient addresses.')).min(1, 'Enter at least one recipient.').max(20),
    }),
    secrets: z.object({ password: z.string().max(1024).optional() }),
  },
  ntfy: { config: z.object({ topic: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'A topic is letters, digits, _ and -.') }), secrets: z.object({ url: httpUrl, token: z.string().max(512).optional() }) },
  gotify: { config: z.object({}), secrets: z.object({ url: httpUrl, token: z.string().min(1, 'Enter the application token.').max(512) }) },
  discord: { config: z.object({}), secrets: z.object({ url: httpUrl }) },
  slack: { config: z.object({}), secrets: z.object({ url: httpUrl }) },
  telegram: {
    config: z.object({ chatId: z.string().regex(/^-?\d{1,20}$|^@[A-Za-z0-9_]{5,32}$/, 'A chat id is a number or @channelname.'), apiBase: httpUrl.default('https://api.telegram.org') }),
    secrets: z.object({ token: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'A bot token looks like 123456:ABC-DEF...') }),
  },
  teams: { config: z.object({}), secrets: z.object({ url: httpUrl }) },
  apprise: { config: z.object({ tag: z.string().max(64).optional() }), secrets: z.object({ url: httpUrl }) },
} as const;

export type ChannelKindName = keyof typeof channelSchemas;
export const CHANNEL_KINDS = Object.keys(channelSchemas) as [ChannelKindName, ...ChannelKindName[]];
export type ChannelConfig<K extends ChannelKindName> = z.infer<(typeof channelSchemas)[K]['config']>;
export type ChannelSecrets<K extends ChannelKindName> = z.infer<(typeof channelSchemas)[K]['secrets']>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:MM.');

export const channelInputSchema = z
  .object({
    id: z.uuid().optional(),
    name,
    kind: z.enum(CHANNEL_KINDS),
    config: z.record(z.string(), z.unknown()).default({}),
    /** Empty on an edit: keep the stored secrets. */
    secrets: z.record(z.string(), z.unknown()).optional(),
    enabled: z.boolean().default(true),
    sendResolved: z.boolean().default(true),
    /** Alerts below this severity do not go to the channel. */
    minSeverity: z.enum(SEVERITIES).default('info'),
    /** Quiet hours (local time in quietTimeZone): only critical alerts go out, the others wait for their end. Both empty: none. */
    quietStart: hhmm.or(z.literal('')).default(''),
    quietEnd: hhmm.or(z.literal('')).default(''),
    quietTimeZone: z.string().trim().max(64).default('UTC'),
  })
  .superRefine((c, ctx) => {
    if ((c.quietStart === '') !== (c.quietEnd === '')) ctx.addIssue({ code: 'custom', path: [c.quietStart ? 'quietEnd' : 'quietStart'], message: 'Enter both the start and the end, or neither.' });
    else if (c.quietStart && c.quietStart === c.quietEnd) ctx.addIssue({ code: 'custom', path: ['quietEnd'], message: 'The end must differ from the start.' });
    if (c.quietStart && !isValidTimeZone(c.quietTimeZone)) ctx.addIssue({ code: 'custom', path: ['quietTimeZone'], message: 'Enter an IANA time zone, e.g. Europe/Berlin.' });
  });
export type ChannelInput = z.input<typeof channelInputSchema>;

export const CHANNEL_LABELS: Record<ChannelKindName, string> = {
  webhook: 'Webhook',
  email: 'Email (SMTP)',
  ntfy: 'ntfy',
  gotify: 'Gotify',
  discord: 'Discord',
  slack: 'Slack',
  telegram: 'Telegram',
  teams: 'Microsoft Teams',
  apprise: 'Apprise API',
};

// Client components import this module (@kiln/services/alerts-channels): the rules' defaults ride along.
export { DEFAULT_RULES, KIND_FIELDS, ALERT_KINDS } from './rules';
export { SEVERITIES } from './quiet';
