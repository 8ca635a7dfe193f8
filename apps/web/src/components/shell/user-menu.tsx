'use client';

import Link from 'next/link';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useAction } from 'next-safe-action/hooks';
import { logoutAction } from '@/features/auth/actions/logout';
import { logoutEverywhereAction } from '@/features/auth/actions/logout-everywhere';
import { ChevronDownIcon } from '../icons';

const itemClass = 'flex w-full cursor-pointer select-none items-center rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800';

export function UserMenu({ username, displayName, role }: { username: string; displayName: string | null; role: string }) {
  const logout = useAction(logoutAction);
  const logoutAll = useAction(logoutEverywhereAction);
  const busy = logout.isPending || logoutAll.isPending;
  return (
    <Menu.Root>
      <Menu.Trigger className="btn-ghost max-w-48" aria-label="User menu" data-testid="user-menu">
        <span className="flex h-7 w-7 items-center justify-center rounded-full bg-kiln-600 text-xs font-semibold uppercase text-white">{(displayName || username).slice(0, 1)}</span>
        <span className="hidden truncate sm:inline">{displayName || username}</span>
        <ChevronDownIcon />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content align="end" sideOffset={6} className="z-50 min-w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
          <div className="px-2 py-1.5 text-xs text-zinc-500">
            Signed in as <span className="font-medium text-zinc-800 dark:text-zinc-200">{username}</span> ({role})
          </div>
          <Menu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <Menu.Item asChild className={itemClass}>
            <Link href="/settings/account">Account settings</Link>
          </Menu.Item>
          <Menu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <Menu.Item className={itemClass} disabled={busy} onSelect={() => logout.execute({ next: window.location.pathname + window.location.search })}>
            Sign out
          </Menu.Item>
          <Menu.Item className={itemClass} disabled={busy} onSelect={() => logoutAll.execute()}>
            Sign out of all sessions
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
