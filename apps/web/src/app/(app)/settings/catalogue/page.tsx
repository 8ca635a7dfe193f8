import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { SourceCard } from '@/features/catalogue-sources/components/source-card';
import { SourceFormDialog } from '@/features/catalogue-sources/components/source-form-dialog';
import { listCatalogueSources } from '@/features/catalogue-sources/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Catalogue sources' };

export default async function CatalogueSourcesPage() {
  const me = await requireUser();
  if (me.role !== 'admin') notFound();
  const sources = await listCatalogueSources({ id: me.id, username: me.username, role: me.role });
  return (
    <section className="space-y-4">
      <div className="card">
        <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <h2 className="font-semibold">Catalogue sources</h2>
          <SourceFormDialog />
        </div>
        <div className="space-y-2 px-4 py-3 text-sm text-zinc-600 dark:text-zinc-400">
          <p>
            A source is a git repository Kiln syncs templates from: a collection of Kiln templates (kiln/v1 files), or the community helper scripts, whose apps become templates that run the
            app&rsquo;s install script inside the new container (never on the Proxmox host).
          </p>
          <p>
            Sources are managed by administrators, because what a source holds runs in every user&rsquo;s containers. The templates they make are visible to every user, read-only (clone one to change
            it), with the source, the commit and the content hash on the template page. A changed upstream file makes a new template version; containers keep the version they were made from.
          </p>
        </div>
      </div>
      {sources.length === 0 ? (
        <p className="card px-4 py-6 text-center text-sm text-zinc-500">No catalogue sources yet. The built-in templates are always there.</p>
      ) : (
        sources.map((s) => <SourceCard key={s.id} source={s} />)
      )}
    </section>
  );
}
