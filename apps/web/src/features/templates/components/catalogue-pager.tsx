import Link from 'next/link';

/** Previous / page x of y / next: the catalogue renders one page of cards, so the HTML stays small at 1,000 templates. */
export function CataloguePager({ page, pages, hrefFor }: { page: number; pages: number; hrefFor: (page: number) => string }) {
  const step = (to: number, label: string, rel: 'prev' | 'next') =>
    to >= 1 && to <= pages ? (
      <Link href={hrefFor(to)} rel={rel} className="btn-secondary px-3 py-1.5 text-sm">
        {label}
      </Link>
    ) : (
      <span className="btn-secondary px-3 py-1.5 text-sm opacity-50" aria-disabled="true">
        {label}
      </span>
    );
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-2 text-sm text-zinc-600 dark:text-zinc-400">
      {step(page - 1, 'Previous', 'prev')}
      <span className="tabular-nums">
        Page {page} of {pages}
      </span>
      {step(page + 1, 'Next', 'next')}
    </nav>
  );
}
