import type { ReactNode } from 'react';

/**
 * Proxmox VE's notes as markdown, rendered as a safe subset: headings, paragraphs, lists, code,
 * bold, italic and links. Everything becomes React elements from plain text, so HTML in the notes
 * shows as text and never runs; links go only to http(s) and mailto, opened with rel=noopener.
 */

const SAFE_URL = /^(https?:\/\/|mailto:)[^\s<>"']+$/i;
const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))|(https?:\/\/[^\s<>"')]+)/;

export function inline(text: string, keyPrefix = 'i'): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let n = 0;
  while (rest.length > 0) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const tok = m[0];
    const key = `${keyPrefix}-${n++}`;
    if (m[1]) out.push(<code key={key}>{tok.slice(1, -1)}</code>);
    else if (m[2]) out.push(<strong key={key}>{inline(tok.slice(2, -2), key)}</strong>);
    else if (m[3]) out.push(<em key={key}>{inline(tok.slice(1, -1), key)}</em>);
    else if (m[4]) {
      const [, label = '', href = ''] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(tok) ?? [];
      out.push(
        SAFE_URL.test(href) ? (
          <SafeLink key={key} href={href}>
            {inline(label, key)}
          </SafeLink>
        ) : (
          <span key={key}>{tok}</span>
        ),
      );
    } else
      out.push(
        <SafeLink key={key} href={tok}>
          {tok}
        </SafeLink>,
      );
    rest = rest.slice(m.index + tok.length);
  }
  return out;
}

function SafeLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-kiln-700 underline dark:text-kiln-400">
      {children}
    </a>
  );
}

type Block = { kind: 'h'; level: number; text: string } | { kind: 'p'; text: string } | { kind: 'ul' | 'ol'; items: string[] } | { kind: 'code'; text: string };

export function blocks(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const out: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push({ kind: 'p', text: para.join(' ') });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^```/.test(line)) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !/^```/.test(lines[i] ?? '')) code.push(lines[i] ?? '');
      out.push({ kind: 'code', text: code.join('\n') });
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    const li = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(line);
    if (h) {
      flush();
      out.push({ kind: 'h', level: h[1]!.length, text: h[2] ?? '' });
    } else if (li) {
      flush();
      const kind = li[1] ? 'ul' : 'ol';
      const last = out.at(-1);
      if (last && last.kind === kind) last.items.push(li[3] ?? '');
      else out.push({ kind, items: [li[3] ?? ''] });
    } else if (line.trim() === '') flush();
    else para.push(line.trim());
  }
  flush();
  return out;
}

const H_CLASS = ['text-lg font-semibold', 'text-base font-semibold', 'text-sm font-semibold'];

export function Markdown({ source }: { source: string }) {
  return (
    <div className="space-y-2 break-words text-sm" data-testid="notes-rendered">
      {blocks(source).map((b, i) => {
        const key = `b${i}`;
        if (b.kind === 'h')
          return (
            <p key={key} role="heading" aria-level={b.level} className={H_CLASS[Math.min(b.level, 3) - 1]}>
              {inline(b.text, key)}
            </p>
          );
        if (b.kind === 'code')
          return (
            <pre key={key} className="overflow-x-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-900">
              {b.text}
            </pre>
          );
        if (b.kind === 'p') return <p key={key}>{inline(b.text, key)}</p>;
        const items = b.items.map((t, j) => <li key={j}>{inline(t, `${key}-${j}`)}</li>);
        return b.kind === 'ul' ? (
          <ul key={key} className="list-disc pl-5">
            {items}
          </ul>
        ) : (
          <ol key={key} className="list-decimal pl-5">
            {items}
          </ol>
        );
      })}
    </div>
  );
}
