export default function Loading() {
  return (
    <div aria-busy="true" aria-live="polite" className="animate-pulse space-y-4">
      <div className="h-4 w-40 rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="flex gap-3">
        <div className="h-12 w-12 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
        <div className="flex-1 space-y-2">
          <div className="h-7 w-1/3 rounded bg-zinc-200 dark:bg-zinc-800" />
          <div className="h-4 w-1/4 rounded bg-zinc-200 dark:bg-zinc-800" />
        </div>
      </div>
      <div className="h-12 max-w-3xl rounded bg-zinc-200 dark:bg-zinc-800" />
      <div className="grid gap-4 lg:grid-cols-2">
        <div className="h-48 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
        <div className="h-48 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
      </div>
      <div className="h-64 rounded-lg bg-zinc-200 dark:bg-zinc-800" />
      <span className="sr-only">Loading the template…</span>
    </div>
  );
}
