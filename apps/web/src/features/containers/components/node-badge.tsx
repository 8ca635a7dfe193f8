import { cn } from '@/lib/cn';
import { nodeBadgeClass } from '@/lib/format';

/** A PVE node's name in its own colour. Server and client components both use this file. */
export function NodeBadge({ name }: { name: string }) {
  return <span className={cn('node-badge', nodeBadgeClass(name))}>{name}</span>;
}

/** Tags as chips; long ones cut with an ellipsis (whole on hover). Place inside a flex container. */
export function Tags({ tags }: { tags: readonly string[] }) {
  return (
    <>
      {tags.map((t) => (
        <span key={t} title={t} className="tag-chip">
          {t}
        </span>
      ))}
    </>
  );
}
