import type { ReactNode } from 'react';
import { ThemeToggle } from '../theme-toggle';
import { Toaster } from '../ui/toaster';
import { MobileNav, Sidebar } from './sidebar';
import { UserMenu } from './user-menu';

export function AppShell({
  user,
  banner,
  alertCount = 0,
  children,
}: {
  user: { username: string; displayName: string | null; role: string };
  banner?: ReactNode;
  alertCount?: number;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh">
      <Sidebar alertCount={alertCount} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center justify-between gap-2 border-b border-zinc-200 bg-white/90 px-3 backdrop-blur sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/90">
          <div className="flex items-center gap-2">
            <MobileNav alertCount={alertCount} />
            <span className="text-lg font-semibold md:hidden">Kiln</span>
          </div>
          <div className="flex items-center gap-1">
            <ThemeToggle />
            <UserMenu {...user} />
          </div>
        </header>
        {banner}
        <main className="mx-auto w-full max-w-7xl flex-1 px-3 py-6 sm:px-6">{children}</main>
      </div>
      <Toaster />
    </div>
  );
}
