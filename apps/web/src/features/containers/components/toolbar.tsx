'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';

/** Search box and quick filters; all state lives in the URL (shareable, survives reloads). */
export function ContainersToolbar({ nodes, tags }: { nodes: string[]; tags: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');

  useEffect(() => setQ(params.get('q') ?? ''), [params]);

  function push(next: string) {
    const sp = new URLSearchParams(params.toString());
    if (next) sp.set('q', next);
    else sp.delete('q');
    sp.delete('page'); // a new search starts on its first page
    router.replace(`${pathname}?${sp.toString()}`, { scroll: false });
  }

  useEffect(() => {
    const current = params.get('q') ?? '';
    if (q === current) return;
    const t = setTimeout(() => push(q.trim()), 300);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  /** Replaces the `key:` term of the query with the chosen value (or removes it). */
  function setTerm(key: string, value: string) {
    const rest = q.split(/\s+/).filter((w) => w && !w.toLowerCase().startsWith(`${key}:`));
    const next = [...rest, ...(value ? [`${key}:${value}`] : [])].join(' ');
    setQ(next);
    push(next);
  }
  const termOf = (key: string) =>
    q
      .split(/\s+/)
      .find((w) => w.toLowerCase().startsWith(`${key}:`))
      ?.slice(key.length + 1) ?? '';

  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <div className="flex-1">
        <label htmlFor="container-search" className="sr-only">
          Search containers
        </label>
        <input
          id="container-search"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && push(q.trim())}
          placeholder="Search: node:pve1 status:running type:vm ip:10.10. updates:security or a name"
          className="input"
        />
      </div>
      {/* Two columns on a phone (the tag filter takes a row of its own), so no label is cut. */}
      <div className="grid grid-cols-2 gap-2 sm:flex [&>select:last-child]:col-span-2 sm:[&>select]:w-40 sm:[&>select]:shrink-0">
        <select aria-label="Filter by node" className="input" value={termOf('node')} onChange={(e) => setTerm('node', e.target.value)}>
          <option value="">All nodes</option>
          {nodes.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <select aria-label="Filter by status" className="input" value={termOf('status')} onChange={(e) => setTerm('status', e.target.value)}>
          <option value="">Any status</option>
          {['running', 'stopped', 'creating', 'error', 'unknown'].map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select aria-label="Filter by type" className="input" value={termOf('type')} onChange={(e) => setTerm('type', e.target.value)}>
          {/* Not "Containers and VMs": cut to "Containers…" in the narrow select, it read as the CT filter. */}
          <option value="">Any type</option>
          <option value="ct">Containers</option>
          <option value="vm">VMs</option>
        </select>
        <select aria-label="Filter by tag" className="input" value={termOf('tag')} onChange={(e) => setTerm('tag', e.target.value)}>
          <option value="">Any tag</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
