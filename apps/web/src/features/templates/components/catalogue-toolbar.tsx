'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { cn } from '@/lib/cn';
import { catalogueHref, type CatalogueState, type Source } from '../filter';

/** Search box, source switch and tag chips. All of it lives in the URL. */
export function CatalogueToolbar({ state, tags }: { state: CatalogueState; tags: { tag: string; count: number }[] }) {
  const router = useRouter();
  const [q, setQ] = useState(state.q);
  const input = useRef<HTMLInputElement>(null);

  // Back/forward or a tag link changed the URL: show its query, unless the user is typing.
  useEffect(() => {
    if (document.activeElement !== input.current) setQ(state.q);
  }, [state.q]);

  useEffect(() => {
    if (q.trim() === state.q) return;
    const t = setTimeout(() => router.replace(catalogueHref(state, { q: q.trim() }), { scroll: false }), 250);
    return () => clearTimeout(t);
  }, [q, state, router]);

  const sources: { value: Source; label: string }[] = [
    { value: 'all', label: 'All' },
    { value: 'builtin', label: 'Built-in' },
    { value: 'synced', label: 'From sources' },
    { value: 'mine', label: 'Mine' },
  ];

  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-2 sm:flex-row">
        <div className="flex-1">
          <label htmlFor="template-search" className="sr-only">
            Search templates
          </label>
          <input
            id="template-search"
            ref={input}
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && router.replace(catalogueHref(state, { q: q.trim() }), { scroll: false })}
            placeholder="Search by name, description or tag"
            className="input"
          />
        </div>
        <div role="group" aria-label="Show" className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
          {sources.map((s) => (
            <Link
              key={s.value}
              href={catalogueHref(state, { source: s.value })}
              replace
              scroll={false}
              aria-current={state.source === s.value ? 'true' : undefined}
              className={cn(
                'flex-1 whitespace-nowrap rounded px-3 py-1.5 text-center text-sm',
                state.source === s.value ? 'bg-kiln-600 text-white' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
              )}
            >
              {s.label}
            </Link>
          ))}
        </div>
      </div>
      {tags.length ? (
        <nav aria-label="Filter by tag" className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1 sm:flex-wrap">
          {state.tag ? (
            <Link href={catalogueHref(state, { tag: '' })} replace scroll={false} className="shrink-0 rounded-full border border-zinc-300 px-2.5 py-1 text-xs dark:border-zinc-700">
              All tags ✕
            </Link>
          ) : null}
          {tags.map(({ tag, count }) => (
            <Link
              key={tag}
              href={catalogueHref(state, { tag: state.tag === tag ? '' : tag })}
              replace
              scroll={false}
              aria-current={state.tag === tag ? 'true' : undefined}
              className={cn(
                'shrink-0 rounded-full px-2.5 py-1 text-xs',
                state.tag === tag ? 'bg-kiln-600 text-white' : 'bg-zinc-100 text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700',
              )}
            >
              {tag} <span className="opacity-60">{count}</span>
            </Link>
          ))}
        </nav>
      ) : null}
    </div>
  );
}
