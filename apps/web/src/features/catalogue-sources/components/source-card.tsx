import { formatWhen } from '@/features/audit/components/audit-table';
import type { CatalogueSourceView } from '../queries';
import { DeleteSourceButton, SyncNowButton } from './source-buttons';
import { SourceFormDialog } from './source-form-dialog';

const RESULT = {
  ok: { label: 'synced', className: 'text-green-700 dark:text-green-400' },
  partial: { label: 'synced with problems', className: 'text-amber-700 dark:text-amber-400' },
  failed: { label: 'failed', className: 'text-red-700 dark:text-red-400' },
} as const;

const short = (commit: string | null) => (commit ? commit.slice(0, 12) : '—');

function schedule(minutes: number | null): string {
  if (minutes === null) return 'on demand';
  if (minutes % 1440 === 0) return minutes === 1440 ? 'daily' : `every ${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'hourly' : `every ${minutes / 60} h`;
  return `every ${minutes} min`;
}

/** One source: where it syncs from, its last result and the entries that did not become templates. */
export function SourceCard({ source: s }: { source: CatalogueSourceView }) {
  const errors = s.lastSync.entries.filter((e) => e.kind === 'error');
  const notDeployable = s.lastSync.entries.filter((e) => e.kind === 'not-deployable');
  const result = s.lastSyncResult ? RESULT[s.lastSyncResult] : undefined;
  // Only what the form edits goes to the browser's form.
  const { name, kind, url, ref, pinnedOnly, enabled } = s;
  const formValues = {
    name,
    kind,
    url,
    ref,
    pinnedOnly,
    enabled,
    pinnedCommit: s.pinnedCommit ?? '',
    syncEveryMinutes: s.syncEveryMinutes === null ? '' : String(s.syncEveryMinutes),
    metadataUrl: s.metadataUrl ?? '',
  };
  const meta = s.lastSync.metadata;
  return (
    <article className="card" aria-labelledby={`source-${s.id}`}>
      <header className="flex flex-wrap items-start justify-between gap-2 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div className="min-w-0">
          <h3 id={`source-${s.id}`} className="font-semibold">
            {s.name} {s.enabled ? null : <span className="ml-1 rounded bg-zinc-200 px-1.5 py-0.5 text-xs font-normal dark:bg-zinc-800">disabled</span>}
          </h3>
          <p className="break-all font-mono text-xs text-zinc-500">
            {s.url} @ {s.pinnedCommit ? `${short(s.pinnedCommit)} (pinned${s.pinnedOnly ? ', pinned only' : ''})` : s.ref}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-1">
          <SyncNowButton id={s.id} lastSyncAt={s.lastSyncAt?.toISOString() ?? null} disabled={!s.enabled} />
          <SourceFormDialog id={s.id} values={formValues} />
          <DeleteSourceButton id={s.id} name={s.name} templates={s.templates} />
        </div>
      </header>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 px-4 py-3 text-sm sm:grid-cols-4">
        <dt className="text-zinc-500">Kind</dt>
        <dd>{s.kind === 'kiln' ? 'Kiln templates' : 'Helper scripts'}</dd>
        <dt className="text-zinc-500">Schedule</dt>
        <dd>{schedule(s.syncEveryMinutes)}</dd>
        <dt className="text-zinc-500">Last sync</dt>
        <dd>
          {s.lastSyncAt ? (
            <>
              {formatWhen(s.lastSyncAt)} <span className={result?.className}>{result?.label}</span>
            </>
          ) : (
            'never'
          )}
        </dd>
        <dt className="text-zinc-500">Commit</dt>
        <dd className="font-mono">{short(s.lastSyncCommit)}</dd>
        {s.kind === 'helper-scripts' ? (
          <>
            <dt className="text-zinc-500">Metadata</dt>
            <dd className="col-span-1 sm:col-span-3" data-metadata={meta ? (meta.error ? 'fallback' : 'database') : 'scripts'}>
              {!meta ? (
                'what the scripts carry'
              ) : meta.error ? (
                <span className="text-amber-700 dark:text-amber-400">{meta.error}</span>
              ) : (
                <>
                  {meta.records} records from <span className="break-all font-mono text-xs">{meta.url}</span>
                </>
              )}
            </dd>
          </>
        ) : null}
        <dt className="text-zinc-500">Templates</dt>
        <dd>
          {s.templates} version{s.templates === 1 ? '' : 's'}
          {s.lastSyncAt ? ` (${s.lastSync.added} new last time)` : ''}
        </dd>
      </dl>
      {s.lastSyncError ? (
        <p role="alert" className="mx-4 mb-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300">
          {s.lastSyncError}
        </p>
      ) : null}
      <EntryList title={`${errors.length} file${errors.length === 1 ? '' : 's'} with errors`} entries={errors} open />
      <EntryList title={`${notDeployable.length} not deployable`} entries={notDeployable} />
    </article>
  );
}

function EntryList({ title, entries, open }: { title: string; entries: CatalogueSourceView['lastSync']['entries']; open?: boolean }) {
  if (entries.length === 0) return null;
  return (
    <details className="border-t border-zinc-200 px-4 py-2 text-sm dark:border-zinc-800" open={open && entries.length <= 10}>
      <summary className="cursor-pointer font-medium">{title}</summary>
      <ul className="mt-2 space-y-1">
        {entries.map((e) => (
          <li key={e.path} className="break-words">
            <code className="text-xs">{e.path}</code>
            {e.name ? <span className="ml-1 text-zinc-500">({e.name})</span> : null}: {e.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
