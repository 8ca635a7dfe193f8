import type { Metadata } from 'next';
import { CHANNEL_LABELS, DEFAULT_RULES } from '@kiln/services/alerts-channels';
import { KIND_LABELS } from '@/features/alerts/components/alert-list';
import { ChannelFormDialog, type ChannelFormValues } from '@/features/alerts/components/channel-form-dialog';
import { DeleteChannelButton, SendTestButton } from '@/features/alerts/components/channel-buttons';
import { DeleteMaintenanceButton, MaintenanceDialog } from '@/features/alerts/components/maintenance-form';
import { RuleForm, type RuleRowValues } from '@/features/alerts/components/rules-form';
import { AddRuleOverrideDialog, DeleteRuleButton } from '@/features/alerts/components/rule-override';
import { notificationSettingsFor } from '@/features/alerts/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Notifications' };

const time = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

function formValues(c: {
  name: string;
  kind: ChannelFormValues['kind'];
  enabled: boolean;
  sendResolved: boolean;
  minSeverity: ChannelFormValues['minSeverity'];
  quietStart: string | null;
  quietEnd: string | null;
  quietTimeZone: string | null;
  config: Record<string, unknown>;
}): Omit<ChannelFormValues, 'secrets'> {
  const s = (k: string, d = '') => (typeof c.config[k] === 'string' || typeof c.config[k] === 'number' ? String(c.config[k]) : d);
  const to = Array.isArray(c.config.to) ? c.config.to.join(', ') : '';
  const security = c.config.security === 'tls' || c.config.security === 'none' ? c.config.security : 'starttls';
  return {
    name: c.name,
    kind: c.kind,
    enabled: c.enabled,
    sendResolved: c.sendResolved,
    minSeverity: c.minSeverity,
    quietStart: c.quietStart ?? '',
    quietEnd: c.quietEnd ?? '',
    quietTimeZone: c.quietTimeZone ?? 'UTC',
    config: {
      host: s('host'),
      port: s('port', '587'),
      security,
      username: s('username'),
      from: s('from'),
      to,
      topic: s('topic'),
      chatId: s('chatId'),
      apiBase: s('apiBase', 'https://api.telegram.org'),
      tag: s('tag'),
    },
  };
}

export default async function NotificationsPage() {
  const user = await requireUser();
  const { channels, rules, windows, nodes } = await notificationSettingsFor(user.id);
  const userRules = new Map(rules.rules.filter((r) => r.scope === 'user').map((r) => [r.kind, r]));
  const nodeName = new Map(nodes.map((n) => [n.id, n.name]));
  const channelOptions = channels.map((c) => ({ id: c.id, name: c.name }));
  const ruleRows: RuleRowValues[] = Object.values(DEFAULT_RULES).map((d) => {
    const r = userRules.get(d.kind);
    return {
      kind: d.kind,
      label: KIND_LABELS[d.kind],
      enabled: r?.enabled ?? d.enabled,
      trigger: r?.trigger ?? d.trigger,
      clear: r?.clear ?? d.clear,
      forSeconds: r?.forSeconds ?? d.forSeconds,
      cooldownSeconds: r?.cooldownSeconds ?? d.cooldownSeconds,
      days: r?.days ?? d.days,
      severity: r?.severity ?? d.severity,
      channelIds: r?.channelIds ?? [],
    };
  });
  const overrides = rules.rules.flatMap((r) => (r.scope === 'user' ? [] : [{ ...r, scope: r.scope }]));
  const scopeLabel = (scope: string, ref: string) => {
    if (scope === 'tag') return `Containers tagged ${ref}`;
    if (scope === 'node') return `Node ${nodeName.get(ref) ?? '?'}`;
    const [nodeId, vmid] = ref.split(':');
    return `CT ${vmid} on ${nodeName.get(nodeId ?? '') ?? '?'}`;
  };
  return (
    <section className="space-y-6">
      <div className="card">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="font-semibold">Channels</h2>
          <ChannelFormDialog />
        </div>
        {channels.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-zinc-500">No channels yet: alerts show in Kiln only. Add a webhook, email or chat channel to be told.</p>
        ) : (
          <ul>
            {channels.map((c) => (
              <li key={c.id} className="space-y-2 border-b border-zinc-200 px-4 py-3 last:border-b-0 dark:border-zinc-800" data-channel={c.name}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="min-w-0">
                    <p className="font-medium break-words">{c.name}</p>
                    <p className="text-xs text-zinc-500">
                      {CHANNEL_LABELS[c.kind]}
                      {c.enabled ? '' : ' · disabled'}
                      {c.sendResolved ? ' · resolutions too' : ''}
                      {c.minSeverity !== 'info' ? ` · ${c.minSeverity} and up` : ''}
                      {c.quietStart && c.quietEnd ? ` · quiet ${c.quietStart}–${c.quietEnd} ${c.quietTimeZone ?? 'UTC'}` : ''}
                      {c.lastSuccessAt ? ` · last sent ${time(c.lastSuccessAt)}` : ''}
                    </p>
                  </div>
                  <div className="flex flex-wrap items-center gap-1">
                    <SendTestButton id={c.id} />
                    <ChannelFormDialog id={c.id} values={formValues(c)} />
                    <DeleteChannelButton id={c.id} name={c.name} />
                  </div>
                </div>
                {c.lastError ? (
                  <p role="alert" className="rounded bg-red-50 px-2 py-1 text-sm text-red-800 dark:bg-red-900/30 dark:text-red-300" data-testid="channel-error">
                    Last error{c.lastErrorAt ? ` (${time(c.lastErrorAt)})` : ''}: {c.lastError}
                  </p>
                ) : null}
                {c.deliveries.length ? (
                  <ul className="space-y-0.5 text-xs text-zinc-600 dark:text-zinc-400" aria-label={`Recent deliveries of ${c.name}`}>
                    {c.deliveries.map((d) => (
                      <li key={d.id} data-delivery-state={d.state}>
                        {time(d.createdAt)} · {d.event === 'test' ? 'test' : `${d.event}: ${d.alert?.title ?? ''}`} · {d.state}
                        {d.attempts > 1 ? ` after ${d.attempts} attempts` : ''}
                        {d.state !== 'sent' && d.lastError ? ` · ${d.lastError}` : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>

      <div className="card">
        <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="font-semibold">Rules</h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            For all your nodes and containers, checked on every poll. An alert fires once its condition held for the time given, and clears below the clear threshold. Its severity decides which
            channels take it and whether it goes out during their quiet hours (only critical does).
          </p>
        </div>
        {ruleRows.map((rule) => (
          <RuleForm key={rule.kind} channels={channelOptions} rule={rule} />
        ))}
      </div>

      <div className="card" data-testid="rule-overrides">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <div>
            <h2 className="font-semibold">Overrides</h2>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Rules for one node, containers with a tag or one container: the most specific one wins.</p>
          </div>
          <AddRuleOverrideDialog rules={ruleRows} nodes={nodes} />
        </div>
        {overrides.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-zinc-500">No overrides: the rules above apply to everything.</p>
        ) : (
          overrides.map((r) => {
            const label = scopeLabel(r.scope, r.scopeRef);
            return (
              <div key={r.id} className="border-b border-zinc-200 last:border-b-0 dark:border-zinc-800" data-override={`${r.kind}:${r.scope}:${r.scopeRef}`}>
                <div className="flex items-center justify-between gap-2 px-4 pt-3 text-sm">
                  <span className="font-medium">{label}</span>
                  <DeleteRuleButton id={r.id} label={label} />
                </div>
                <RuleForm
                  channels={channelOptions}
                  scope={{ scope: r.scope, scopeRef: r.scopeRef }}
                  rule={{
                    kind: r.kind,
                    label: KIND_LABELS[r.kind],
                    enabled: r.enabled,
                    trigger: r.trigger ?? DEFAULT_RULES[r.kind].trigger,
                    clear: r.clear ?? DEFAULT_RULES[r.kind].clear,
                    forSeconds: r.forSeconds,
                    cooldownSeconds: r.cooldownSeconds,
                    days: r.days ?? DEFAULT_RULES[r.kind].days,
                    severity: r.severity ?? DEFAULT_RULES[r.kind].severity,
                    channelIds: r.channelIds,
                  }}
                />
              </div>
            );
          })
        )}
      </div>

      <div className="card">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="font-semibold">Maintenance windows</h2>
          <MaintenanceDialog nodes={nodes} />
        </div>
        {windows.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-zinc-500">No maintenance planned.</p>
        ) : (
          <ul>
            {windows.map((w) => (
              <li key={w.id} className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-3 text-sm last:border-b-0 dark:border-zinc-800">
                <span>
                  {w.nodeId ? `Node ${nodeName.get(w.nodeId) ?? '?'}` : `Tag ${w.tag ?? ''}`} · {time(w.startsAt)} – {time(w.endsAt)}
                  {w.note ? ` · ${w.note}` : ''}
                </span>
                <DeleteMaintenanceButton id={w.id} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
