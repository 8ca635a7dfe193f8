'use client';

import type { ComponentProps } from 'react';
import { ConfirmDialog } from './confirm-dialog';

/** A red "Delete" (or `label`) button that asks first: ConfirmDialog with the destructive trigger. */
export function DeleteButton({ label = 'Delete', ...confirm }: Omit<ComponentProps<typeof ConfirmDialog>, 'trigger'> & { label?: string }) {
  return (
    <ConfirmDialog
      {...confirm}
      trigger={
        <button type="button" className="btn-ghost text-red-700 dark:text-red-400">
          {label}
        </button>
      }
    />
  );
}
