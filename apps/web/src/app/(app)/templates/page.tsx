import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/page-header';
import { EmptyState } from '@/components/empty-state';
import { TemplatesIcon } from '@/components/icons';
import { CatalogueToolbar } from '@/features/templates/components/catalogue-toolbar';
import { TemplateCard } from '@/features/templates/components/template-card';
import { catalogueHref, catalogueState, matchesCatalogue, tagCounts } from '@/features/templates/filter';
import { catalogueFor } from '@/features/templates/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Templates' };

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const state = catalogueState(await searchParams);
  const cards = await catalogueFor(user.id);
  const shown = cards.filter((c) => matchesCatalogue(c, state));
  const filtered = state.q !== '' || state.tag !== '' || state.source !== 'all';
  return (
    <>
      <PageHeader
        title="Templates"
        description="Versioned app recipes Kiln turns into ready containers. Clone a built-in to make it your own."
        actions={
          <>
            <Link href="/templates/import" className="btn-secondary">
              Import
            </Link>
            <Link href="/templates/new" className="btn-primary">
              New template
            </Link>
          </>
        }
      />
      <div className="space-y-4">
        <CatalogueToolbar state={state} tags={tagCounts(cards)} />
        {shown.length === 0 ? (
          <EmptyState
            icon={<TemplatesIcon />}
            title={cards.length === 0 ? 'No templates yet' : state.source === 'mine' && !state.q && !state.tag ? 'You have no templates of your own yet' : 'No template matches'}
            action={
              filtered ? (
                <Link href={catalogueHref(state, { q: '', tag: '', source: 'all' })} className="btn-secondary">
                  Clear the filters
                </Link>
              ) : (
                <Link href="/templates/import" className="btn-primary">
                  Import a template
                </Link>
              )
            }
          >
            {state.source === 'mine' && !state.q && !state.tag
              ? 'Clone a built-in template, create one from scratch or import a YAML or JSON file.'
              : filtered
                ? 'Try other words or another tag.'
                : 'Built-in templates appear here once they are installed.'}
          </EmptyState>
        ) : (
          <>
            <p className="text-sm text-zinc-500" aria-live="polite">
              {shown.length === cards.length ? `${cards.length} templates` : `${shown.length} of ${cards.length} templates`}
            </p>
            <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Template catalogue">
              {shown.map((t) => (
                <TemplateCard key={t.id} t={t} tagHref={(tag) => catalogueHref(state, { tag })} />
              ))}
            </ul>
          </>
        )}
      </div>
    </>
  );
}
