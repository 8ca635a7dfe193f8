import { createHmac } from 'node:crypto';
import type { ChannelConfig, ChannelKindName, ChannelSecrets } from './channel-schema';

/** What every channel says about one alert event (or a test). */
export interface NotificationMessage {
  event: 'firing' | 'resolved' | 'test';
  title: string;
  detail: string;
  alert?: {
    id: string;
    kind: string;
    state: string;
    pveNode: string | null;
    vmid: number | null;
    affected: number;
    firedAt: string;
    resolvedAt: string | null;
  };
}

export interface HttpDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export function subject(m: NotificationMessage): string {
  const tag = m.event === 'resolved' ? '[Resolved]' : m.event === 'test' ? '[Test]' : '[Alert]';
  return `${tag} ${m.title}`;
}

const json = (body: unknown, headers: Record<string, string> = {}): Omit<HttpDelivery, 'url'> => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

type HttpKind = Exclude<ChannelKindName, 'email'>;
type Formatter<K extends HttpKind> = (m: NotificationMessage, config: ChannelConfig<K>, secrets: ChannelSecrets<K>) => HttpDelivery;

/** One small formatter per HTTP channel kind: the body each service documents for incoming messages. */
export const FORMATTERS: { [K in HttpKind]: Formatter<K> } = {
  webhook: (m, _c, s) => {
    const { headers, body } = json({ event: m.event, title: m.title, detail: m.detail, alert: m.alert ?? null, sentAt: new Date().toISOString() }, s.headers);
    if (s.hmacSecret) headers['x-kiln-signature'] = `sha256=${createHmac('sha256', s.hmacSecret).update(body).digest('hex')}`;
    return { url: s.url, headers, body };
  },
  ntfy: (m, c, s) => ({
    url: s.url,
    ...json(
      { topic: c.topic, title: subject(m), message: m.detail, priority: m.event === 'firing' ? 4 : 3, tags: [m.event === 'resolved' ? 'white_check_mark' : m.event === 'test' ? 'bell' : 'warning'] },
      s.token ? { authorization: `Bearer ${s.token}` } : {},
    ),
  }),
  gotify: (m, _c, s) => ({ url: `${s.url.replace(/\/+$/, '')}/message`, ...json({ title: subject(m), message: m.detail, priority: m.event === 'firing' ? 8 : 4 }, { 'x-gotify-key': s.token }) }),
  discord: (m, _c, s) => ({
    url: s.url,
    ...json({ content: subject(m), embeds: [{ title: m.title, description: m.detail, color: m.event === 'firing' ? 0xd93025 : 0x1e8e3e }] }),
  }),
  slack: (m, _c, s) => ({ url: s.url, ...json({ text: `*${subject(m)}*\n${m.detail}` }) }),
  telegram: (m, c, s) => ({ url: `${c.apiBase.replace(/\/+$/, '')}/bot${s.token}/sendMessage`, ...json({ chat_id: c.chatId, text: `${subject(m)}\n${m.detail}`, disable_web_page_preview: true }) }),
  teams: (m, _c, s) => ({
    url: s.url,
    ...json({ '@type': 'MessageCard', '@context': 'https://schema.org/extensions', summary: subject(m), title: subject(m), text: m.detail, themeColor: m.event === 'firing' ? 'D93025' : '1E8E3E' }),
  }),
  apprise: (m, c, s) => ({
    url: s.url,
    ...json({ title: subject(m), body: m.detail, type: m.event === 'firing' ? 'failure' : m.event === 'resolved' ? 'success' : 'info', ...(c.tag ? { tag: c.tag } : {}) }),
  }),
};
