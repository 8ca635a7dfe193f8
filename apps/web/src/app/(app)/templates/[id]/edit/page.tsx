import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { fromTemplate } from '@/features/templates/editor/form-model';
import { TemplateEditor } from '@/features/templates/editor/template-editor';
import { templateOr404 } from '@/features/templates/queries';
import { templateService } from '@/features/templates/server';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Edit template' };

export default async function EditTemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const detail = await templateOr404(user.id, id);
  // Built-ins are read-only: their page offers Clone instead.
  if (detail.builtin || detail.provenance) redirect(`/templates/${id}`);
  const t = detail.template;
  const initial = fromTemplate(t);
  let versionHint = 'Same version: saved in place. Another version: saved as a new version next to this one.';
  if (detail.containers > 0) {
    // A used version stays as it was: propose the next one so saving makes a new version.
    initial.version = await templateService().suggestVersion(user.id, t.slug);
    versionHint = `${detail.containers} container${detail.containers === 1 ? ' was' : 's were'} made from ${t.version}, so your changes are saved as a new version.`;
  }
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href="/templates" className="hover:underline">
          Templates
        </Link>{' '}
        /{' '}
        <Link href={`/templates/${id}`} className="hover:underline">
          {t.name}
        </Link>{' '}
        / <span>Edit</span>
      </nav>
      <PageHeader
        title={`Edit ${t.name}`}
        description={
          <span className="font-mono">
            {t.slug} · v{t.version}
          </span>
        }
      />
      <TemplateEditor templateId={id} initial={initial} versionHint={versionHint} cancelHref={`/templates/${id}`} />
    </>
  );
}
