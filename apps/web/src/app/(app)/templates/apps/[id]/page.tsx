import type { Metadata } from 'next';
import Link from 'next/link';
import { NotesList } from '@/features/templates/components/detail/app-panel';
import { Code, Facts, Pill, Section } from '@/features/templates/components/detail/section';
import { TagLinks } from '@/features/templates/components/detail/tag-links';
import { SourceBadge, TemplateIcon } from '@/features/templates/components/template-icon';
import { listingOr404 } from '@/features/templates/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'App' };

const memory = (mib: number) => (mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);

/** The app page of an app a source lists but Kiln cannot deploy: everything to read, no Deploy button. */
export default async function ListingPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const l = await listingOr404(user.id, id);
  const f = l.facts;
  const defaults = [
    f.os ? `${f.os} ${f.osVersion ?? ''}`.trim() : null,
    f.cores ? `${f.cores} core${f.cores === 1 ? '' : 's'}` : null,
    f.memory ? memory(f.memory) : null,
    f.disk ? `${f.disk} GiB disk` : null,
  ].filter(Boolean);
  const app = [
    {
      label: 'Deployable',
      value: (
        <span data-deployable="never">
          <Pill tone="amber">No</Pill> {l.reason}
        </span>
      ),
    },
    { label: 'Defaults', value: defaults.length ? defaults.join(' · ') : 'none declared' },
    { label: 'Interface', value: f.interfacePort ? `port ${f.interfacePort}` : 'no port given' },
    ...(f.credentials ? [{ label: 'Default credentials', value: <code className="text-xs">{f.credentials}</code> }] : []),
    ...(f.website ? [{ label: 'Website', value: <span className="break-all">{f.website}</span> }] : []),
    ...(f.logo ? [{ label: 'Logo', value: <span className="break-all text-xs">{f.logo}</span> }] : []),
  ];
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
        <Link href="/templates" className="hover:underline">
          Templates
        </Link>{' '}
        / <span>{l.name}</span>
      </nav>
      <header className="flex min-w-0 gap-3">
        <TemplateIcon icon={null} name={l.name} className="h-12 w-12 text-2xl" />
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-2xl font-semibold tracking-tight">{l.name}</h1>
            <SourceBadge builtin={false} source={l.source.name} />
            <Pill tone="amber">Not deployable</Pill>
          </div>
          <p className="font-mono text-sm text-zinc-500">{l.path}</p>
        </div>
      </header>
      <p role="note" className="max-w-3xl rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-200" data-reason>
        Kiln does not deploy this app: {l.reason}. It is listed so you can read what it is and what it would run; Kiln never runs part of it.
      </p>
      <p className="max-w-3xl whitespace-pre-line text-zinc-700 dark:text-zinc-300">{l.description}</p>
      <TagLinks tags={l.tags} />
      <Section title="App" id="app" description="What the source says about it. Nothing here runs: the scripts below are shown as text.">
        <Facts items={app} />
        <NotesList notes={f.notes} />
      </Section>
      <Section title="Source" id="provenance" description="Where Kiln read it, at which commit; the hash covers the files below.">
        <Facts
          items={[
            { label: 'Source', value: l.source.name },
            { label: 'Repository', value: <span className="break-all font-mono text-xs">{l.source.url}</span> },
            { label: 'File', value: <code className="text-xs">{l.path}</code> },
            { label: 'Commit', value: <code className="break-all text-xs">{l.commit}</code> },
            { label: 'Content sha256', value: <code className="break-all text-xs">{l.contentHash}</code> },
          ]}
        />
      </Section>
      {l.files.map((file) => (
        <Section key={file.path} title={file.path} id={`file-${file.path.replace(/[^a-z0-9]+/gi, '-')}`} description={`At commit ${l.commit.slice(0, 12)}, as the source holds it.`}>
          <Code label={`File ${file.path}`}>{file.content}</Code>
        </Section>
      ))}
    </div>
  );
}
