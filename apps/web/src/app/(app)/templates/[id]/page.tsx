import type { Metadata } from 'next';
import Link from 'next/link';
import { appFacts } from '@kiln/core/catalogue';
import { AppPanel, InstallScriptPanel } from '@/features/templates/components/detail/app-panel';
import { DefaultsPanel } from '@/features/templates/components/detail/defaults-panel';
import { ProvenancePanel } from '@/features/templates/components/detail/provenance-panel';
import { ParamsTable } from '@/features/templates/components/detail/params-table';
import { Section } from '@/features/templates/components/detail/section';
import { TagLinks } from '@/features/templates/components/detail/tag-links';
import { HealthcheckPanel, PostInstallPanel, StepsList } from '@/features/templates/components/detail/steps-list';
import { TemplateActions } from '@/features/templates/components/template-actions';
import { SourceBadge, TemplateIcon } from '@/features/templates/components/template-icon';
import { cloneSuggestions, deployabilityOf, templateOr404 } from '@/features/templates/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Template' };

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const detail = await templateOr404(user.id, id);
  const t = detail.template;
  const [suggestions, deploy] = await Promise.all([cloneSuggestions(user.id, t.slug, t.version), deployabilityOf(user.id)]);
  const facts = appFacts(t);
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
        <Link href="/templates" className="hover:underline">
          Templates
        </Link>{' '}
        / <span>{t.name}</span>
      </nav>
      <header className="flex flex-col gap-4 lg:flex-row lg:items-start lg:justify-between">
        <div className="flex min-w-0 gap-3">
          <TemplateIcon icon={t.icon} name={t.name} className="h-12 w-12 text-2xl" />
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="text-2xl font-semibold tracking-tight">{t.name}</h1>
              <SourceBadge builtin={detail.builtin} source={detail.provenance?.sourceName} />
            </div>
            <p className="font-mono text-sm text-zinc-500">
              {t.slug} · v{t.version}
            </p>
          </div>
        </div>
        <TemplateActions
          templateId={detail.id}
          slug={t.slug}
          name={t.name}
          version={t.version}
          mine={!detail.builtin && !detail.provenance}
          containers={detail.containers}
          creating={detail.creating}
          suggestions={suggestions}
          deployBlocked={deploy.deployable ? undefined : deploy.reason}
        />
      </header>
      <p className="max-w-3xl whitespace-pre-line text-zinc-700 dark:text-zinc-300">{t.description}</p>
      <TagLinks tags={t.tags} />

      <AppPanel facts={facts} deploy={deploy} />
      {detail.provenance ? <ProvenancePanel p={detail.provenance} installPath={facts.installScript?.path} /> : null}
      {facts.installScript ? <InstallScriptPanel script={facts.installScript} commit={detail.provenance?.commit ?? null} /> : null}
      <DefaultsPanel t={t} />
      <ParamsTable t={t} />
      <StepsList steps={t.steps} title={`Steps (${t.steps.length})`} id="steps" description="Run in order inside the container when it is created; scripts and file contents travel on stdin." />
      {t.update.length ? (
        <StepsList steps={t.update} title={`Update steps (${t.update.length})`} id="update-steps" description="For updating a container made from an earlier version (run later, not on create)." />
      ) : null}
      <HealthcheckPanel t={t} />
      <PostInstallPanel t={t} />

      <Section
        title="Versions"
        id="versions"
        description={
          detail.builtin
            ? 'Versions of this built-in template.'
            : detail.provenance
              ? `Versions synced from ${detail.provenance.sourceName}: a changed upstream file adds a version; containers keep the one they were made from.`
              : `Your versions of ${t.slug}. A version containers were made from stays as it is; edits to it are saved as a new version.`
        }
      >
        <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
          {detail.versions.map((v) => (
            <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-version={v.version}>
              {v.id === detail.id ? (
                <span className="font-medium">
                  v{v.version} <span className="text-zinc-500">(this one)</span>
                </span>
              ) : (
                <Link href={`/templates/${v.id}`} className="font-medium text-kiln-700 hover:underline dark:text-kiln-400">
                  v{v.version}
                </Link>
              )}
              <span className="text-zinc-500">
                {v.containers ? `${v.containers} container${v.containers === 1 ? '' : 's'} · ` : ''}added {v.createdAt.toISOString().slice(0, 10)}
              </span>
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
