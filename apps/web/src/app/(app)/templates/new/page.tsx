import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { emptyForm } from '@/features/templates/editor/form-model';
import { TemplateEditor } from '@/features/templates/editor/template-editor';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'New template' };

export default async function NewTemplatePage() {
  await requireUser();
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
      <TemplateEditor initial={emptyForm()} cancelHref="/templates" />
    </>
  );
}
