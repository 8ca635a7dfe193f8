'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Shown on every page while the user has no node, except where nodes are added. */
export function NoNodeBanner() {
  const pathname = usePathname();
  if (pathname.startsWith('/settings/nodes')) return null;
  return (
    <div role="status" className="border-b border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900 sm:px-6 dark:border-amber-900 dark:bg-amber-950/60 dark:text-amber-200">
      No Proxmox node is connected yet.{' '}
      <Link href="/settings/nodes" className="font-medium underline">
        Add a node
      </Link>{' '}
      to see and create containers.
    </div>
  );
}
