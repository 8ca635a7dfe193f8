import { cn } from '@/lib/cn';

/** The template schema's test for an emoji icon (names.ts in @kiln/core). */
const isEmoji = (v: string) => /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(v);

/** Icon keys a template may name instead of an emoji. Unknown keys show their first letter. */
const KEYS: Record<string, string> = {
  database: '🗄️',
  web: '🌐',
  server: '🖥️',
  docker: '🐳',
  container: '📦',
  cache: '⚡',
  code: '💻',
  node: '🟩',
  mail: '✉️',
  monitoring: '📈',
  storage: '💾',
  security: '🔒',
};

export function TemplateIcon({ icon, name, className }: { icon: string | null; name: string; className?: string }) {
  const glyph = icon && (isEmoji(icon) ? icon : KEYS[icon]);
  return (
    <span aria-hidden="true" className={cn('inline-flex shrink-0 items-center justify-center rounded-lg bg-kiln-50 dark:bg-kiln-700/20', className ?? 'h-10 w-10 text-xl')}>
      {glyph ?? <span className="font-semibold text-kiln-700 dark:text-kiln-400">{(icon ?? name).slice(0, 1).toUpperCase()}</span>}
    </span>
  );
}

/** "Built-in" or "Mine": where a template comes from, and so whether it can be edited. */
export function SourceBadge({ builtin }: { builtin: boolean }) {
  return builtin ? (
    <span className="rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800 dark:bg-sky-950 dark:text-sky-300">Built-in</span>
  ) : (
    <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">Mine</span>
  );
}
