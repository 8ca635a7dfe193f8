'use client';

import { useId, type ButtonHTMLAttributes } from 'react';
import { cn } from '@/lib/cn';

/**
 * A button that is unavailable for a reason the user should learn: unlike `disabled`, it stays
 * focusable, looks disabled, refuses clicks and shows the reason on hover and keyboard focus.
 */
export function GuardedButton({ reason, className, onClick, children, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { reason?: string }) {
  const id = useId();
  const blocked = !!reason;
  return (
    <span className="group relative inline-flex">
      <button
        {...rest}
        className={cn(className, blocked && 'guarded-blocked')}
        aria-disabled={blocked || undefined}
        aria-describedby={blocked ? id : undefined}
        onClick={blocked ? (e) => e.preventDefault() : onClick}
      >
        {children}
      </button>
      {blocked ? (
        <span
          role="tooltip"
          id={id}
          className="pointer-events-none absolute left-0 top-full z-20 mt-1 hidden w-max max-w-56 rounded bg-zinc-900 px-2 py-1 text-xs text-white shadow group-focus-within:block group-hover:block dark:bg-zinc-100 dark:text-zinc-900"
        >
          {reason}
        </span>
      ) : null}
    </span>
  );
}
