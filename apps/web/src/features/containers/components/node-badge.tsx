import { cn } from '@/lib/cn';
import { nodeBadgeClass } from '@/lib/format';

/** A PVE node's name in its own colour (server and client components both use it). */
export function NodeBadge({ name }: { name: string }) {
  return <span className={cn('node-badge', nodeBadgeClass(name))}>{name}</span>;
}
