'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { cn } from '@/lib/cn';
import { CloseIcon, FlameIcon, MenuIcon } from '../icons';
import { NAV_ITEMS, isActive } from './nav';

/** The firing-alert count next to "Alerts" (from the layout, per request). */
function Badge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="ml-auto rounded-full bg-red-600 px-2 py-0.5 text-xs font-semibold text-white" data-testid="alert-badge" aria-label={`${count} firing`}>
      {count > 99 ? '99+' : count}
    </span>
  );
}

function NavLinks({ onNavigate, alertCount }: { onNavigate?: () => void; alertCount: number }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {NAV_ITEMS.map(({ href, label, icon: Icon }) => {
        const active = isActive(pathname, href);
        return (
          <Link
            key={href}
            href={href}
            onClick={onNavigate}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
              active ? 'bg-kiln-50 text-kiln-700 dark:bg-kiln-700/20 dark:text-kiln-400' : 'text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800',
            )}
          >
            <Icon />
            {label}
            {href === '/alerts' ? <Badge count={alertCount} /> : null}
          </Link>
        );
      })}
    </nav>
  );
}

export function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 px-3 text-lg font-semibold tracking-tight">
      <span className="rounded-md bg-kiln-600 p-1 text-white">
        <FlameIcon width={16} height={16} />
      </span>
      Kiln
    </Link>
  );
}

/** Fixed sidebar from md up; a drawer (Radix dialog) on phones. */
export function Sidebar({ alertCount }: { alertCount: number }) {
  return (
    <aside className="hidden w-60 shrink-0 border-r border-zinc-200 bg-white px-3 py-4 md:flex md:flex-col md:gap-6 dark:border-zinc-800 dark:bg-zinc-900">
      <Brand />
      <NavLinks alertCount={alertCount} />
    </aside>
  );
}

export function MobileNav({ alertCount }: { alertCount: number }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button type="button" className="btn-ghost p-2 md:hidden" aria-label="Open navigation">
          <MenuIcon />
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 md:hidden" />
        <Dialog.Content className="fixed inset-y-0 left-0 z-50 flex w-64 flex-col gap-6 bg-white px-3 py-4 shadow-xl md:hidden dark:bg-zinc-900">
          <div className="flex items-center justify-between">
            <Dialog.Title asChild>
              <div>
                <Brand />
              </div>
            </Dialog.Title>
            <Dialog.Close className="btn-ghost p-2" aria-label="Close navigation">
              <CloseIcon />
            </Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">Main navigation</Dialog.Description>
          <NavLinks onNavigate={() => setOpen(false)} alertCount={alertCount} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
