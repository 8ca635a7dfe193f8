import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { ImportForm } from '@/features/templates/components/import-form';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Import template' };

export default async function ImportTemplatePage() {
  await requireUser();
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-zinc-500">
        <Link href="/templates" className="hover:underline">
          Templates
        </Link>{' '}
        / <span>Import</span>
      </nav>
      <PageHeader title="Import a template" description="A kiln/v1 template in YAML or JSON becomes one of your templates. Every problem is shown with its path and line." />
      <ImportForm />
    </>
  );
}
