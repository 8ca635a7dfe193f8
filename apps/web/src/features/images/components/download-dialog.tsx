'use client';

import { useMemo, useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { IMAGE_OPERATIONS } from '@kiln/services/operations-table';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog } from '@/components/ui/form-dialog';
import { applianceIndexAction } from '../actions/appliance-index';
import { downloadImageAction } from '../actions/download-image';
import type { RunOperation } from './images-panel';

interface Entry {
  template: string;
  os: string;
  section: string;
  headline: string;
  description: string;
}

/** "Download": the node's appliance index, searchable and filtered by section and OS; the chosen image goes to `storage`. */
export function DownloadDialog({ nodeId, storage, present, op }: { nodeId: string; storage: string; present: string[]; op: RunOperation }) {
  const index = useAction(applianceIndexAction);
  const download = useAction(downloadImageAction);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [section, setSection] = useState('');
  const [error, setError] = useState<string>();
  const entries = useMemo(() => (index.result.data ?? []) as Entry[], [index.result.data]);
  const sections = [...new Set(entries.map((e) => e.section).filter(Boolean))];
  const q = query.trim().toLowerCase();
  const shown = entries.filter((e) => (!section || e.section === section) && (!q || `${e.template} ${e.os} ${e.headline}`.toLowerCase().includes(q)));
  const def = IMAGE_OPERATIONS['image.download'];
  function onOpenChange(next: boolean) {
    setOpen(next);
    setError(undefined);
    if (next && !index.result.data) index.execute({ nodeId });
  }
  async function pick(template: string) {
    setError(undefined);
    const err = await op.run(`${def.working} ${template}`, () => download.executeAsync({ nodeId, storage, template }));
    if (err) setError(err);
    else setOpen(false);
  }
  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={`${def.label}…`}
      triggerClassName="btn-secondary px-2 py-1 text-xs"
      title={`Download an image to ${storage}`}
      description="From the node’s appliance index (what pveam available lists). Proxmox VE downloads it and checks its checksum."
    >
      <div className="space-y-3">
        <FormAlert message={error ?? index.result.serverError?.message} />
        <div className="flex gap-2">
          <FormField id={`apl-search-${storage}`} label="Search">
            <input id={`apl-search-${storage}`} className="input" value={query} placeholder="debian, alpine, wordpress…" onChange={(e) => setQuery(e.target.value)} />
          </FormField>
          <FormField id={`apl-section-${storage}`} label="Section">
            <select id={`apl-section-${storage}`} className="input" value={section} onChange={(e) => setSection(e.target.value)}>
              <option value="">All</option>
              {sections.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        {index.isPending ? <p className="text-sm text-zinc-500">Reading the appliance index…</p> : null}
        <ul className="max-h-72 divide-y divide-zinc-200 overflow-y-auto text-sm dark:divide-zinc-800" aria-label="Appliance index">
          {shown.map((e) => {
            const here = present.includes(e.template);
            return (
              <li key={e.template} className="flex items-center justify-between gap-2 py-2" data-testid="appliance-entry" data-template={e.template}>
                <div className="min-w-0">
                  <p className="font-medium">{e.headline}</p>
                  <p className="break-all font-mono text-xs text-zinc-500">
                    {e.template} · {e.section} · {e.os}
                  </p>
                </div>
                <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={here || op.busy} onClick={() => void pick(e.template)}>
                  {here ? 'On storage' : def.label}
                </button>
              </li>
            );
          })}
          {!index.isPending && entries.length > 0 && shown.length === 0 ? <li className="py-2 text-zinc-500">Nothing matches.</li> : null}
        </ul>
      </div>
    </FormDialog>
  );
}
