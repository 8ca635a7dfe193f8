'use client';

/** Move up / move down / remove for one item of an ordered list. */
export function ItemControls({ label, index, count, onMove, onRemove }: { label: string; index: number; count: number; onMove: (from: number, to: number) => void; onRemove: () => void }) {
  return (
    <div className="flex shrink-0 gap-1">
      <button type="button" className="btn-ghost px-2 py-1 text-xs" aria-label={`Move ${label} up`} disabled={index === 0} onClick={() => onMove(index, index - 1)}>
        ↑
      </button>
      <button type="button" className="btn-ghost px-2 py-1 text-xs" aria-label={`Move ${label} down`} disabled={index === count - 1} onClick={() => onMove(index, index + 1)}>
        ↓
      </button>
      <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700 dark:text-red-400" aria-label={`Remove ${label}`} onClick={onRemove}>
        Remove
      </button>
    </div>
  );
}
