'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { catalogueHref, formatRange, parseRange, type CatalogueQuery, type CatalogueSort } from '@kiln/services/schemas';
import { cn } from '@/lib/cn';

export interface ToolbarFacet {
  value: string;
  label: string;
  count: number;
}

const CORES = [
  { value: '1', label: '1 core' },
  { value: '2', label: '2 cores' },
  { value: '3-4', label: '3–4 cores' },
  { value: '5-', label: '5 cores or more' },
];
const MEMORY = [
  { value: '-512', label: 'up to 512 MiB' },
  { value: '-1024', label: 'up to 1 GiB' },
  { value: '-2048', label: 'up to 2 GiB' },
  { value: '-4096', label: 'up to 4 GiB' },
  { value: '4097-', label: 'more than 4 GiB' },
];
const SORTS: { value: CatalogueSort; label: string }[] = [
  { value: 'relevance', label: 'Best match' },
  { value: 'name', label: 'Name' },
  { value: 'updated', label: 'Recently updated' },
  { value: 'resources', label: 'Smallest first' },
];

/** Keeps a URL value that no preset names (a shared link) selectable. */
function withCurrent(options: { value: string; label: string }[], current: string) {
  return current && !options.some((o) => o.value === current) ? [...options, { value: current, label: current }] : options;
}

function Filter({ id, label, value, onChange, options, any }: { id: string; label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; any?: string }) {
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-600 dark:text-zinc-400">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="input w-full py-1.5 text-sm">
        {any ? <option value="">{any}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Search, filters and sort of the catalogue. All of it lives in the URL; the server does the searching. */
export function CatalogueToolbar({
  query,
  sources,
  oses,
  categories,
  tags,
}: {
  query: CatalogueQuery;
  sources: ToolbarFacet[];
  oses: ToolbarFacet[];
  categories: ToolbarFacet[];
  tags: ToolbarFacet[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(query.q);
  const input = useRef<HTMLInputElement>(null);
  const go = (change: Partial<CatalogueQuery>) => startTransition(() => router.replace(catalogueHref(query, change), { scroll: false }));

  // Back/forward or a tag link changed the URL: show its query, unless the user is typing.
  useEffect(() => {
    if (document.activeElement !== input.current) setQ(query.q);
  }, [query.q]);

  useEffect(() => {
    if (q.trim() === query.q) return;
    const t = setTimeout(() => startTransition(() => router.replace(catalogueHref(query, { q: q.trim() }), { scroll: false })), 250);
    return () => clearTimeout(t);
  }, [q, query, router]);

  const count = (f: ToolbarFacet) => ({ value: f.value, label: `${f.label} (${f.count})` });
  const sourceOptions = [
    { value: 'builtin', label: 'Built-in' },
    { value: 'mine', label: 'Mine' },
    ...(sources.length ? [{ value: 'synced', label: 'Any catalogue source' }, ...sources.map(count)] : []),
  ];

  return (
    <div className="space-y-3" aria-busy={pending}>
      <div>
        <label htmlFor="template-search" className="sr-only">
          Search templates
        </label>
        <input
          id="template-search"
          ref={input}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && go({ q: q.trim() })}
          placeholder="Search by name, description, tag or category"
          className="input"
          maxLength={200}
        />
      </div>
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
        <Filter
          id="filter-source"
          label="Source"
          any="All sources"
          value={query.source === 'all' ? '' : query.source}
          onChange={(v) => go({ source: v || 'all' })}
          options={withCurrent(sourceOptions, query.source === 'all' ? '' : query.source)}
        />
        <Filter id="filter-os" label="OS" any="Any OS" value={query.os} onChange={(os) => go({ os })} options={withCurrent(oses.map(count), query.os)} />
        <Filter
          id="filter-category"
          label="Category"
          any="Any category"
          value={query.category}
          onChange={(category) => go({ category })}
          options={withCurrent(categories.map(count), query.category)}
        />
        <Filter
          id="filter-cores"
          label="Cores"
          any="Any cores"
          value={formatRange(query.cores)}
          onChange={(v) => go({ cores: parseRange(v) })}
          options={withCurrent(CORES, formatRange(query.cores))}
        />
        <Filter
          id="filter-memory"
          label="Memory"
          any="Any memory"
          value={formatRange(query.memory)}
          onChange={(v) => go({ memory: parseRange(v) })}
          options={withCurrent(MEMORY, formatRange(query.memory))}
        />
        <Filter id="catalogue-sort" label="Sort" value={query.sort} onChange={(sort) => go({ sort: sort as CatalogueSort })} options={SORTS} />
      </div>
      {tags.length ? (
        <nav aria-label="Filter by tag" className="-mx-1 flex gap-1 overflow-x-auto px-1 pb-1 sm:flex-wrap">
          {query.tag ? (
            <Link href={catalogueHref(query, { tag: '' })} replace scroll={false} className="shrink-0 rounded-full border border-zinc-300 px-2.5 py-1 text-xs dark:border-zinc-700">
              All tags ✕
            </Link>
          ) : null}
          {tags.map(({ value, count: n }) => (
            <Link
              key={value}
              href={catalogueHref(query, { tag: query.tag === value ? '' : value })}
              replace
              scroll={false}
              aria-current={query.tag === value ? 'true' : undefined}
              className={cn(
                'shrink-0 rounded-full px-2.5 py-1 text-xs',
                query.tag === value ? 'bg-kiln-600 text-white' : 'bg-zinc-100 text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700',
              )}
            >
              {value} <span className="opacity-60">{n}</span>
            </Link>
          ))}
        </nav>
      ) : null}
    </div>
  );
}
