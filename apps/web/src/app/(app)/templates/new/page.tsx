import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { emptyForm, fromTemplate } from '@/features/templates/editor/form-model';
import { captureDraft } from '@/features/capture/queries';
import { TemplateEditor } from '@/features/templates/editor/template-editor';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'New template' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A new template: empty, or the draft of a capture (`?capture=<operation id>`, the requester's own). */
export default async function NewTemplatePage({ searchParams }: Props) {
  const user = await requireUser();
  const capture = (await searchParams).capture;
  const draft = typeof capture === 'string' ? await captureDraft(user.id, capture) : null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href="/templates" className="hover:underline">
          Templates
        </Link>{' '}
        / <span>New</span>
      </nav>
      <PageHeader
        title="New template"
        description={
          <>
            Or start from a built-in with Clone, or{' '}
            <Link href="/templates/import" className="text-kiln-700 underline dark:text-kiln-400">
              import a file
            </Link>
            .
          </>
        }
      />
      {typeof capture === 'string' && !draft ? (
        <p role="alert" className="field-error mb-4">
          This capture draft was not found (it is someone else’s, failed, or not finished yet): the form below is empty.
        </p>
      ) : null}
      {draft ? (
        <div role="status" data-testid="capture-draft" className="card mb-4 border-sky-400 p-4 text-sm">
          <p className="font-semibold">Draft captured from {draft.targetName ?? 'a container'}</p>
          <p className="mt-1">
            {draft.packages.length} package{draft.packages.length === 1 ? '' : 's'} and {draft.services.length} service{draft.services.length === 1 ? '' : 's'} beyond the OS image. Check it, then
            save: nothing is stored until you do.
          </p>
          {draft.notes.length ? (
            <ul className="mt-2 list-disc pl-5 text-amber-700 dark:text-amber-400">
              {draft.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <TemplateEditor initial={draft ? fromTemplate(draft.template) : emptyForm()} cancelHref="/templates" />
    </>
  );
}
