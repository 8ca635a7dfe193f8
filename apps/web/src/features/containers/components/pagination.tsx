import Link from 'next/link';
import { PAGE_SIZES } from '../filter';

export function Pagination({
  page,
  pages,
  from,
  to,
  total,
  per,
  hrefFor,
}: {
  page: number;
  pages: number;
  from: number;
  to: number;
  total: number;
  per: number;
  hrefFor: (p: { page?: number; per?: number }) => string;
}) {
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm text-zinc-600 dark:text-zinc-400">
      <span>{total === 0 ? 'No rows' : `Showing ${from}–${to} of ${total}`}</span>
      <div className="flex items-center gap-2">
        <span className="hidden sm:inline">Rows per page</span>
        {PAGE_SIZES.map((n) => (
          <Link key={n} href={hrefFor({ per: n, page: 1 })} aria-current={n === per ? 'true' : undefined} className={n === per ? 'font-semibold text-zinc-900 dark:text-zinc-100' : 'hover:underline'}>
            {n}
          </Link>
        ))}
        <span className="mx-1 h-4 w-px bg-zinc-300 dark:bg-zinc-700" />
        {page > 1 ? (
          <Link href={hrefFor({ page: page - 1 })} className="btn-secondary px-2 py-1 text-xs">
            Previous
          </Link>
        ) : (
          <span className="btn-secondary px-2 py-1 text-xs opacity-50">Previous</span>
        )}
        <span className="tabular-nums">
          {page} / {pages}
        </span>
        {page < pages ? (
          <Link href={hrefFor({ page: page + 1 })} className="btn-secondary px-2 py-1 text-xs">
            Next
          </Link>
        ) : (
          <span className="btn-secondary px-2 py-1 text-xs opacity-50">Next</span>
        )}
      </div>
    </nav>
  );
}
