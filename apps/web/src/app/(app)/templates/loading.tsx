export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-8 w-40 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-10 rounded-md bg-zinc-200 dark:bg-zinc-800" />
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <li key={i} className="card h-40 p-4">
            <div className="flex gap-3">
              <div className="h-10 w-10 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
              <div className="flex-1 space-y-2">
                <div className="h-4 w-2/3 rounded bg-zinc-200 dark:bg-zinc-800" />
                <div className="h-3 w-1/3 rounded bg-zinc-200 dark:bg-zinc-800" />
              </div>
            </div>
            <div className="mt-4 h-3 rounded bg-zinc-200 dark:bg-zinc-800" />
            <div className="mt-2 h-3 w-5/6 rounded bg-zinc-200 dark:bg-zinc-800" />
          </li>
        ))}
      </ul>
      <span className="sr-only">Loading templates…</span>
    </div>
  );
}
