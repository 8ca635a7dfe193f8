// In a route group of its own so this loading state wraps the list only: a shared one would make
// every template page stream before it knows the template exists (a 404 would answer 200).
export default function Loading() {
  return (
    <p role="status" className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
      Reading templates…
    </p>
  );
}
