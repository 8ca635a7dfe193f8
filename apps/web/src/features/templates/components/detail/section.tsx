import type { ReactNode } from 'react';

export function Section({ title, id, children, description }: { title: string; id: string; children: ReactNode; description?: ReactNode }) {
  return (
    <section aria-labelledby={id} className="card p-4 sm:p-5">
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      {description ? <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p> : null}
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** Label/value pairs; two columns from small screens up. */
export function Facts({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
      {items.map((i) => (
        <div key={i.label} className="contents">
          <dt className="text-zinc-500">{i.label}</dt>
          <dd className="min-w-0 break-words">{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Code({ children, label }: { children: string; label?: string }) {
  return (
    <pre aria-label={label} className="mt-2 max-h-96 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100">
      <code>{children}</code>
    </pre>
  );
}

export function Pill({ children, tone = 'zinc' }: { children: ReactNode; tone?: 'zinc' | 'amber' | 'violet' | 'sky' }) {
  const tones = {
    zinc: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
    amber: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-300',
    violet: 'bg-violet-100 text-violet-900 dark:bg-violet-950 dark:text-violet-300',
    sky: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-300',
  };
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}
