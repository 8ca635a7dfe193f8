export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-4 w-24 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="h-8 w-64 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="flex gap-2">{[0, 1, 2, 3].map((i) => <div key={i} className="h-8 w-20 rounded bg-zinc-200 dark:bg-zinc-800" />)}</div>
      <div className="h-48 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
      <div className="grid gap-3 sm:grid-cols-2">{[0, 1, 2, 3].map((i) => <div key={i} className="h-48 rounded-lg bg-zinc-200 dark:bg-zinc-800" />)}</div>
      <span className="sr-only">Loading the container…</span>
    </div>
  );
}
