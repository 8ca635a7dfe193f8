'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useAction } from 'next-safe-action/hooks';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { deleteTemplateAction } from '../actions/delete-template';
import { CloneDialog, type CloneDialogProps } from './clone-dialog';

export interface TemplateActionsProps extends CloneDialogProps {
  slug: string;
  mine: boolean;
  /** Containers made from this version, and how many are still being created. */
  containers: number;
  creating: number;
  /** Why it cannot be deployed now (no node to create on, SSH not working); Deploy is then disabled. */
  deployBlocked?: string;
}

export function TemplateActions(p: TemplateActionsProps) {
  const router = useRouter();
  const del = useAction(deleteTemplateAction);
  const exportHref = (format: 'yaml' | 'json') => `/templates/${p.templateId}/export?format=${format}`;
  return (
    <div className="flex flex-wrap gap-2">
      {p.deployBlocked ? (
        <button type="button" className="btn-primary" disabled title={p.deployBlocked} aria-describedby="app">
          Deploy
        </button>
      ) : (
        <Link href={`/containers/new?template=${p.templateId}`} className="btn-primary">
          Deploy
        </Link>
      )}
      <CloneDialog templateId={p.templateId} name={p.name} version={p.version} suggestions={p.suggestions} />
      {p.mine ? (
        <Link href={`/templates/${p.templateId}/edit`} className="btn-secondary">
          Edit
        </Link>
      ) : null}
      <details className="relative">
        <summary className="btn-secondary cursor-pointer list-none [&::-webkit-details-marker]:hidden">Export ▾</summary>
        <div className="card absolute right-0 z-20 mt-1 flex w-40 flex-col p-1 text-sm">
          <a href={exportHref('yaml')} download className="rounded px-3 py-2 hover:bg-zinc-100 dark:hover:bg-zinc-800">
            YAML file
          </a>
          <a href={exportHref('json')} download className="rounded px-3 py-2 hover:bg-zinc-100 dark:hover:bg-zinc-800">
            JSON file
          </a>
        </div>
      </details>
      {p.mine ? (
        <ConfirmDialog
          trigger={
            <button type="button" className="btn-ghost text-red-700 dark:text-red-400">
              Delete
            </button>
          }
          title={`Delete ${p.name} ${p.version}?`}
          description={
            <>
              <p>Only this version is deleted; other versions of {p.slug} stay.</p>
              {p.containers > 0 ? (
                <p className="mt-2">
                  {p.containers} container{p.containers === 1 ? ' was' : 's were'} made from it. {p.containers === 1 ? 'It keeps' : 'They keep'} the record of {p.slug} {p.version}, but Retry of a
                  failed creation needs the template.
                </p>
              ) : null}
              {p.creating > 0 ? <p className="mt-2 font-medium">A container is being created from it right now: wait until that has finished.</p> : null}
            </>
          }
          confirmLabel="Delete template"
          onConfirm={async () => {
            const r = await del.executeAsync({ templateId: p.templateId });
            if (r?.data) {
              router.push('/templates?source=mine');
              return undefined;
            }
            return r?.serverError?.message ?? 'The template was not deleted.';
          }}
        />
      ) : null}
    </div>
  );
}
