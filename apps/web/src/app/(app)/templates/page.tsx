import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { EmptyState } from '@/components/empty-state';
import { TemplatesIcon } from '@/components/icons';
import { requireUser } from '@/server/session';
import { getDb } from '@/server/services';

export const metadata: Metadata = { title: 'Templates' };

export default async function TemplatesPage() {
  const user = await requireUser();
  const templates = await getDb().template.findMany({
    where: { OR: [{ userId: user.id }, { builtin: true }] },
    orderBy: [{ name: 'asc' }, { version: 'desc' }],
    select: { id: true, name: true, version: true, description: true, tags: true, builtin: true },
  });
  return (
    <>
      <PageHeader title="Templates" description="Versioned app recipes Kiln turns into ready containers." />
      {templates.length === 0 ? (
        <EmptyState icon={<TemplatesIcon />} title="No templates yet">
          The template catalogue is empty. Built-in templates appear here once they are installed.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {templates.map((t) => (
            <li key={t.id} className="card p-4">
              <div className="flex items-baseline justify-between gap-2">
                <h2 className="font-semibold">{t.name}</h2>
                <span className="text-xs text-zinc-500">v{t.version}</span>
              </div>
              <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t.description}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
