import Link from 'next/link';
import { TabStrip } from '@/components/tab-strip';
import { cn } from '@/lib/cn';

export const TABS = [
  { key: 'overview', label: 'Overview' },
  { key: 'services', label: 'Services' },
  { key: 'checks', label: 'Checks' },
  { key: 'updates', label: 'Updates' },
  { key: 'snapshots', label: 'Snapshots' },
  { key: 'console', label: 'Console' },
  { key: 'settings', label: 'Settings' },
  { key: 'backups', label: 'Backups' },
  { key: 'history', label: 'History' },
] as const;
export type TabKey = (typeof TABS)[number]['key'];

export function tabOf(v: string | string[] | undefined): TabKey {
  return TABS.some((t) => t.key === v) ? (v as TabKey) : 'overview';
}

/** A VM's sections: no services, updates, console or settings for VMs. */
export const VM_TABS = TABS.filter((t) => t.key === 'overview' || t.key === 'snapshots' || t.key === 'backups');

/** Tabs are links: the open tab is in the URL (shareable, back button works). */
export function ContainerTabs({ base, active, tabs = TABS, label = 'Container sections' }: { base: string; active: TabKey; tabs?: ReadonlyArray<(typeof TABS)[number]>; label?: string }) {
  return (
    <TabStrip label={label} activeKey={active} className="mb-4 flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
      {tabs.map((t) => (
        <Link
          key={t.key}
          href={t.key === 'overview' ? base : `${base}?tab=${t.key}`}
          aria-current={active === t.key ? 'page' : undefined}
          scroll={false}
          className={cn(
            '-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm',
            active === t.key ? 'border-kiln-600 font-medium text-zinc-900 dark:text-zinc-100' : 'border-transparent text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100',
          )}
        >
          {t.label}
        </Link>
      ))}
    </TabStrip>
  );
}
