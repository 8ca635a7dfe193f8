'use client';

import { AlertIcon } from '@/components/icons';

export default function AppError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="card mx-auto mt-10 max-w-lg p-6 text-center">
      <div className="mx-auto mb-3 w-fit rounded-full bg-red-50 p-3 text-red-600 dark:bg-red-950/50">
        <AlertIcon />
      </div>
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">This page could not be loaded. The error was logged{error.digest ? ` (reference ${error.digest})` : ''}.</p>
      <button type="button" onClick={reset} className="btn-primary mt-4">
        Try again
      </button>
    </div>
  );
}
