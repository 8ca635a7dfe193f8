import Link from 'next/link';
import type { TemplateCard as Card } from '@kiln/services';
import { SourceBadge, TemplateIcon } from './template-icon';

const memory = (mib: number) => (mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);

export function TemplateCard({ t, tagHref }: { t: Card; tagHref: (tag: string) => string }) {
  const resources = [t.cores !== null ? `${t.cores} core${t.cores === 1 ? '' : 's'}` : null, t.memory !== null ? memory(t.memory) : null, t.disk !== null ? `${t.disk} GiB disk` : null].filter(
    Boolean,
  );
  return (
    <li className="card tpl-card" data-template={t.slug} data-source={t.builtin ? 'builtin' : t.source ? 'source' : 'mine'} data-deployable={t.notDeployable === null ? undefined : 'never'}>
      <div className="flex items-start gap-3">
        <TemplateIcon icon={t.icon} name={t.name} />
        <div className="min-w-0 flex-1">
          <h2 className="font-semibold leading-tight">
            {/* The whole card is the link's hit area; tag links sit above it. */}
            <Link href={t.notDeployable === null ? `/templates/${t.id}` : `/templates/apps/${t.id}`} className="after:absolute after:inset-0 focus:outline-none">
              {t.name}
            </Link>
          </h2>
          <p className="mt-0.5 truncate font-mono text-xs text-zinc-500">
            {t.notDeployable === null ? (
              <>
                {t.slug} · v{t.version}
                {t.versionCount > 1 ? ` · ${t.versionCount} versions` : ''}
              </>
            ) : (
              <>{t.slug} · not deployable</>
            )}
          </p>
        </div>
        <SourceBadge builtin={t.builtin} source={t.source?.name} />
      </div>
      <div className="mt-3 flex-1">
        {t.notDeployable === null ? null : <p className="mb-1 line-clamp-2 text-xs text-amber-800 dark:text-amber-300">Not deployable: {t.notDeployable}</p>}
        <p className="line-clamp-3 text-sm text-zinc-600 dark:text-zinc-400">{t.description}</p>
      </div>
      <p className="mt-2 text-xs text-zinc-500" data-resources>
        {[t.os ? `${t.os} ${t.osVersion ?? ''}`.trim() : null, ...resources].filter(Boolean).join(' · ')}
      </p>
      {t.tags.length ? (
        <ul className="relative z-10 mt-3 flex flex-wrap gap-1" aria-label="Tags">
          {t.tags.map((tag) => (
            <li key={tag}>
              <Link href={tagHref(tag)} className="tpl-tag">
                {tag}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
