'use client';

import { useForm } from 'react-hook-form';
import { useAction } from 'next-safe-action/hooks';
import { CHANNEL_KINDS, CHANNEL_LABELS, SEVERITIES, type ChannelKindName } from '@kiln/services/alerts-channels';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { useDialogForm } from '@/lib/use-dialog-form';
import { saveChannelAction } from '../actions/channel-actions';

export interface ChannelFormValues {
  name: string;
  kind: ChannelKindName;
  enabled: boolean;
  sendResolved: boolean;
  minSeverity: (typeof SEVERITIES)[number];
  /** "HH:MM", both empty: no quiet hours. */
  quietStart: string;
  quietEnd: string;
  quietTimeZone: string;
  config: { host: string; port: string; security: 'starttls' | 'tls' | 'none'; username: string; from: string; to: string; topic: string; chatId: string; apiBase: string; tag: string };
  /** Write-only: empty on an edit keeps what is stored. */
  secrets: { url: string; token: string; password: string; hmacSecret: string; headers: string };
}

const EMPTY_CONFIG: ChannelFormValues['config'] = { host: '', port: '587', security: 'starttls', username: '', from: '', to: '', topic: '', chatId: '', apiBase: 'https://api.telegram.org', tag: '' };
const EMPTY_SECRETS: ChannelFormValues['secrets'] = { url: '', token: '', password: '', hmacSecret: '', headers: '' };
const URL_KINDS: ChannelKindName[] = ['webhook', 'ntfy', 'gotify', 'discord', 'slack', 'teams', 'apprise'];
const URL_HINTS: Partial<Record<ChannelKindName, string>> = {
  webhook: 'Kiln POSTs JSON here.',
  ntfy: 'The ntfy server, e.g. https://ntfy.sh',
  gotify: 'The Gotify server, e.g. https://gotify.example.com',
  discord: 'The channel’s webhook URL (Server settings → Integrations).',
  slack: 'An incoming-webhook URL.',
  teams: 'An incoming-webhook (or Workflows) URL.',
  apprise: 'The Apprise API notify URL, e.g. http://apprise:8000/notify/kiln',
};

/** What the server gets: only the settings of the chosen kind; empty secrets are left out. */
function toInput(v: ChannelFormValues, id?: string) {
  const c = v.config;
  const s = v.secrets;
  const opt = (x: string) => (x.trim() ? x.trim() : undefined);
  const config: Record<string, unknown> =
    v.kind === 'email'
      ? { host: c.host, port: c.port, security: c.security, username: opt(c.username), from: c.from.trim(), to: c.to.split(/[\s,;]+/).filter(Boolean) }
      : v.kind === 'ntfy'
        ? { topic: c.topic.trim() }
        : v.kind === 'telegram'
          ? { chatId: c.chatId.trim(), apiBase: opt(c.apiBase) }
          : v.kind === 'apprise'
            ? { tag: opt(c.tag) }
            : {};
  const headers = Object.fromEntries(
    s.headers
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  const secrets: Record<string, unknown> =
    v.kind === 'email'
      ? { password: opt(s.password) }
      : v.kind === 'telegram'
        ? { token: opt(s.token) }
        : v.kind === 'webhook'
          ? { url: opt(s.url), hmacSecret: opt(s.hmacSecret), ...(s.headers.trim() ? { headers } : {}) }
          : { url: opt(s.url), token: opt(s.token) };
  const given = Object.fromEntries(Object.entries(secrets).filter(([, x]) => x !== undefined));
  return {
    ...(id ? { id } : {}),
    name: v.name,
    kind: v.kind,
    enabled: v.enabled,
    sendResolved: v.sendResolved,
    minSeverity: v.minSeverity,
    quietStart: v.quietStart.trim(),
    quietEnd: v.quietEnd.trim(),
    quietTimeZone: v.quietTimeZone.trim() || 'UTC',
    config,
    ...(Object.keys(given).length || !id ? { secrets: given } : {}),
  };
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function ChannelFormDialog({ id, values }: { id?: string; values?: Omit<ChannelFormValues, 'secrets'> }) {
  const form = useForm<ChannelFormValues>({
    defaultValues: values
      ? { ...values, secrets: EMPTY_SECRETS }
      : {
          name: '',
          kind: 'webhook',
          enabled: true,
          sendResolved: true,
          minSeverity: 'info',
          quietStart: '',
          quietEnd: '',
          quietTimeZone: browserTimeZone(),
          config: EMPTY_CONFIG,
          secrets: EMPTY_SECRETS,
        },
  });
  const { executeAsync, isPending } = useAction(saveChannelAction);
  const { open, setOpen, formError, onSubmit } = useDialogForm(form, (v) => executeAsync(toInput(v, id) as never));
  const { errors } = form.formState;
  const register = form.register;
  const kind = form.watch('kind');
  const p = id ? `channel-${id}` : 'new-channel';
  const keep = id ? 'Stored. Leave empty to keep it.' : undefined;
  const secretInput = (field: keyof ChannelFormValues['secrets'], label: string, hint?: string) => (
    <FormField id={`${p}-${field}`} label={label} error={errors.secrets?.[field]?.message} hint={keep ?? hint}>
      <input id={`${p}-${field}`} type="password" className="input" autoComplete="off" aria-invalid={!!errors.secrets?.[field]} {...register(`secrets.${field}`)} />
    </FormField>
  );
  const configInput = (field: keyof ChannelFormValues['config'], label: string, hint?: string, inputMode?: 'url' | 'email' | 'numeric') => (
    <FormField id={`${p}-${field}`} label={label} error={errors.config?.[field]?.message} hint={hint}>
      <input id={`${p}-${field}`} className="input" autoComplete="off" inputMode={inputMode} aria-invalid={!!errors.config?.[field]} {...register(`config.${field}`)} />
    </FormField>
  );
  return (
    <FormDialog
      open={open}
      onOpenChange={setOpen}
      trigger={id ? 'Edit' : 'Add channel'}
      triggerClassName={id ? 'btn-ghost' : 'btn-primary'}
      title={id ? `Edit ${values?.name ?? 'channel'}` : 'Add a notification channel'}
      description="Kiln’s worker sends each alert (and its resolution, if you like) here. Secrets are stored encrypted and never shown again."
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormAlert message={formError} />
        <FormField id={`${p}-name`} label="Name" error={errors.name?.message}>
          <input id={`${p}-name`} className="input" autoComplete="off" aria-invalid={!!errors.name} {...register('name')} />
        </FormField>
        <FormField id={`${p}-kind`} label="Kind" error={errors.kind?.message}>
          <select id={`${p}-kind`} className="input" {...register('kind')}>
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {CHANNEL_LABELS[k]}
              </option>
            ))}
          </select>
        </FormField>
        {URL_KINDS.includes(kind) ? secretInput('url', 'URL', URL_HINTS[kind]) : null}
        {kind === 'webhook' ? (
          <>
            {secretInput('hmacSecret', 'Signing secret (optional)', 'Signs each body: X-Kiln-Signature: sha256=<HMAC-SHA256 hex>.')}
            <FormField id={`${p}-headers`} label="Extra headers (optional)" error={errors.secrets?.headers?.message} hint={keep ?? 'One per line: Name: value'}>
              <textarea id={`${p}-headers`} className="input min-h-16 font-mono text-sm" autoComplete="off" spellCheck={false} {...register('secrets.headers')} />
            </FormField>
          </>
        ) : null}
        {kind === 'ntfy' ? (
          <>
            {configInput('topic', 'Topic')}
            {secretInput('token', 'Access token (optional)')}
          </>
        ) : null}
        {kind === 'gotify' ? secretInput('token', 'Application token') : null}
        {kind === 'telegram' ? (
          <>
            {secretInput('token', 'Bot token', 'From @BotFather: 123456:ABC-DEF…')}
            {configInput('chatId', 'Chat id', 'A number, or @channelname')}
            {configInput('apiBase', 'Bot API server', 'Only for a self-hosted Bot API server.', 'url')}
          </>
        ) : null}
        {kind === 'apprise' ? configInput('tag', 'Tag (optional)') : null}
        {kind === 'email' ? (
          <>
            {configInput('host', 'SMTP server')}
            {configInput('port', 'Port', '587 for STARTTLS, 465 for TLS', 'numeric')}
            <FormField id={`${p}-security`} label="Security" error={errors.config?.security?.message}>
              <select id={`${p}-security`} className="input" {...register('config.security')}>
                <option value="starttls">STARTTLS (required)</option>
                <option value="tls">TLS from the start</option>
                <option value="none">None (local relay only)</option>
              </select>
            </FormField>
            {configInput('username', 'User name (optional)')}
            {secretInput('password', 'Password')}
            {configInput('from', 'From', undefined, 'email')}
            {configInput('to', 'To', 'One or more addresses, separated by commas.', 'email')}
          </>
        ) : null}
        <FormField id={`${p}-minSeverity`} label="Minimum severity" error={errors.minSeverity?.message} hint="Alerts below it do not go to this channel.">
          <select id={`${p}-minSeverity`} className="input" {...register('minSeverity')}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </FormField>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Quiet hours (optional)</legend>
          <p className="text-xs text-zinc-500">Only critical alerts go out during them; the others are held and sent when they end (not at all if the alert resolved meanwhile).</p>
          <div className="grid grid-cols-3 gap-2">
            <FormField id={`${p}-quietStart`} label="From" error={errors.quietStart?.message}>
              <input id={`${p}-quietStart`} type="time" className="input" aria-invalid={!!errors.quietStart} {...register('quietStart')} />
            </FormField>
            <FormField id={`${p}-quietEnd`} label="Until" error={errors.quietEnd?.message}>
              <input id={`${p}-quietEnd`} type="time" className="input" aria-invalid={!!errors.quietEnd} {...register('quietEnd')} />
            </FormField>
            <FormField id={`${p}-quietTimeZone`} label="Time zone" error={errors.quietTimeZone?.message}>
              <input id={`${p}-quietTimeZone`} className="input" autoComplete="off" placeholder="Europe/Berlin" aria-invalid={!!errors.quietTimeZone} {...register('quietTimeZone')} />
            </FormField>
          </div>
        </fieldset>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...register('sendResolved')} /> Also notify when an alert resolves
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" {...register('enabled')} /> Enabled
        </label>
        <FormDialogButtons busy={isPending} label={id ? 'Save' : 'Add channel'} busyLabel="Saving…" />
      </form>
    </FormDialog>
  );
}
