'use client';

import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

/** Row ids are `nodeId:vmid`. */
interface Selection {
  selected: Set<string>;
  toggle(id: string, on: boolean): void;
  setAll(ids: string[], on: boolean): void;
  clear(): void;
}

const Ctx = createContext<Selection | null>(null);

export function useSelection(): Selection {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSelection outside BulkSelectionProvider');
  return s;
}

/** Holds the table's selected rows (row checkboxes are wired up by the table itself). */
export function BulkSelectionProvider({ children }: { children: ReactNode }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const value = useMemo<Selection>(
    () => ({
      selected,
      toggle: (id, on) =>
        setSelected((prev) => {
          const next = new Set(prev);
          if (on) next.add(id);
          else next.delete(id);
          return next;
        }),
      setAll: (ids, on) =>
        setSelected((prev) => {
          const next = new Set(prev);
          for (const id of ids) {
            if (on) next.add(id);
            else next.delete(id);
          }
          return next;
        }),
      clear: () => setSelected(new Set()),
    }),
    [selected],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function SelectAllCheckbox({ ids }: { ids: string[] }) {
  const { selected, setAll } = useSelection();
  const all = ids.length > 0 && ids.every((id) => selected.has(id));
  const some = !all && ids.some((id) => selected.has(id));
  return (
    <input
      type="checkbox"
      className="h-4 w-4"
      aria-label="Select all rows on this page"
      checked={all}
      ref={(el) => {
        if (el) el.indeterminate = some;
      }}
      onChange={(e) => setAll(ids, e.target.checked)}
    />
  );
}
