'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { backupThresholdAction } from '../actions/threshold';

/** Your own limit: containers whose newest backup is older than this are flagged. */
export function ThresholdForm({ days }: { days: number }) {
  const router = useRouter();
  const save = useAction(backupThresholdAction);
  const [value, setValue] = useState(String(days));
  const [error, setError] = useState<string>();
  return (
    <form
      className="flex flex-wrap items-end gap-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        void save.executeAsync({ days: Number(value) }).then((r) => {
          const ve = r?.validationErrors as { days?: { _errors?: string[] } } | undefined;
          if (r?.data) router.refresh();
          else setError(ve?.days?._errors?.[0] ?? r?.serverError?.message ?? 'Could not save.');
        });
      }}
    >
      <label htmlFor="backup-max-age" className="text-zinc-600 dark:text-zinc-400">
        Warn when the newest backup is older than
      </label>
      <input id="backup-max-age" className="input w-20" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={!!error} aria-describedby="backup-max-age-error" />
      <span>days</span>
      <button type="submit" className="btn-secondary px-2 py-1 text-xs" disabled={save.isPending}>
        Save
      </button>
      {error ? (
        <p id="backup-max-age-error" role="alert" className="w-full text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </form>
  );
}
