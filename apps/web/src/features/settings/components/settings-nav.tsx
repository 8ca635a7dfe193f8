'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { TabStrip } from '@/components/tab-strip';
import { cn } from '@/lib/cn';

const ITEMS = [
  { href: '/settings/nodes', label: 'Nodes' },
  { href: '/settings/notifications', label: 'Notifications' },
  { href: '/settings/updates', label: 'Update schedules' },
  { href: '/settings/ip-pools', label: 'IP pools' },
  { href: '/settings/account', label: 'Account' },
  { href: '/settings/users', label: 'Users', adminOnly: true },
  { href: '/settings/catalogue', label: 'Catalogue sources', adminOnly: true },
  { href: '/settings/audit', label: 'Audit log' },
];

export function SettingsNav({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  return (
    <TabStrip label="Settings" activeKey={pathname} className="-mx-3 mb-6 flex gap-1 overflow-x-auto border-b border-zinc-200 px-3 dark:border-zinc-800">
      {ITEMS.filter((i) => !i.adminOnly || isAdmin).map((i) => {
        const active = pathname === i.href || pathname.startsWith(`${i.href}/`);
        return (
          <Link
            key={i.href}
            href={i.href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              '-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium',
              active ? 'border-kiln-600 text-kiln-700 dark:text-kiln-400' : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
            )}
          >
            {i.label}
          </Link>
        );
      })}
    </TabStrip>
  );
}
