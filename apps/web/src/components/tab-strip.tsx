'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A horizontally scrolling row of tab links that keeps the current one (`aria-current`) in view:
 * on a phone the later tabs (Snapshots, IP pools…) sit past the right edge, and a page opened on
 * one of them showed no selected tab at all.
 */
export function TabStrip({ label, activeKey, className, children }: { label: string; activeKey: string; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const nav = ref.current;
    const active = nav?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!nav || !active) return;
    const left = active.getBoundingClientRect().left - nav.getBoundingClientRect().left + nav.scrollLeft;
    if (left < nav.scrollLeft || left + active.offsetWidth > nav.scrollLeft + nav.clientWidth) nav.scrollLeft = left - (nav.clientWidth - active.offsetWidth) / 2;
  }, [activeKey]);
  return (
    <nav ref={ref} aria-label={label} className={className}>
      {children}
    </nav>
  );
}
