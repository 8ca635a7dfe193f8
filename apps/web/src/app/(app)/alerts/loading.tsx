export default function Loading() {
  return (
    <p role="status" className="card px-4 py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
      Reading alerts…
    </p>
  );
}
