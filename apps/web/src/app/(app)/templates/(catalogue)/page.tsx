import type { Metadata } from 'next';
import Link from 'next/link';
import { catalogueHref, isFiltered, parseCatalogueQuery } from '@kiln/services/schemas';
import { PageHeader } from '@/components/page-header';
import { EmptyState } from '@/components/empty-state';
import { TemplatesIcon } from '@/components/icons';
import { CatalogueToolbar } from '@/features/templates/components/catalogue-toolbar';
import { CataloguePager } from '@/features/templates/components/catalogue-pager';
import { TemplateCard } from '@/features/templates/components/template-card';
import { cataloguePageFor } from '@/features/templates/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Templates' };

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const query = parseCatalogueQuery(await searchParams);
  const result = await cataloguePageFor(user.id, query);
  const filtered = isFiltered(query);
  const mineOnly = query.source === 'mine' && !query.q && !query.tag && !query.os && !query.category && !query.cores && !query.memory;
  const first = (result.page - 1) * result.pageSize + 1;
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
        <CatalogueToolbar query={query} sources={result.facets.sources} oses={result.facets.oses} categories={result.facets.categories} tags={result.facets.tags} />
        {result.total === 0 ? (
          <EmptyState
            icon={<TemplatesIcon />}
            title={result.visible === 0 ? 'No templates yet' : mineOnly ? 'You have no templates of your own yet' : 'No template matches'}
            action={
              filtered ? (
                <Link href="/templates" className="btn-secondary">
                  Clear the filters
                </Link>
              ) : (
                <Link href="/templates/import" className="btn-primary">
                  Import a template
                </Link>
              )
            }
          >
            {mineOnly
              ? 'Clone a built-in template, create one from scratch or import a YAML or JSON file.'
              : filtered
                ? 'Try other words, another filter or another tag.'
                : 'Built-in templates appear here once they are installed.'}
          </EmptyState>
        ) : (
          <>
            <p className="text-sm text-zinc-500" aria-live="polite" data-catalogue-count={result.total}>
              {result.total === result.visible ? `${result.visible} templates` : `${result.total} of ${result.visible} templates`}
              {result.pages > 1 ? ` · ${first}–${first + result.items.length - 1} shown` : ''}
            </p>
            <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Template catalogue">
              {result.items.map((t) => (
                <TemplateCard key={t.id} t={t} tagHref={(tag) => catalogueHref(query, { tag })} />
              ))}
            </ul>
            {result.pages > 1 ? <CataloguePager page={result.page} pages={result.pages} hrefFor={(page) => catalogueHref(query, { page })} /> : null}
          </>
        )}
      </div>
    </>
  );
}
