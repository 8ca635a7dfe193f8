import { stepTitle, type Step, type Template } from '@kiln/core/templates';
import { Code, Pill, Section } from './section';

function StepBody({ s }: { s: Step }) {
  switch (s.type) {
    case 'script':
      return <Code label={`Script of ${s.id}`}>{s.run}</Code>;
    case 'packages':
      return (
        <ul className="mt-2 flex flex-wrap gap-1" aria-label={`Packages of ${s.id}`}>
          {s.packages.map((p) => (
            <li key={p}>
              <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">{p}</code>
            </li>
          ))}
        </ul>
      );
    case 'file':
      return (
        <>
          <p className="mt-2 text-sm">
            <code className="break-all font-mono text-xs">{s.path}</code>{' '}
            <span className="text-zinc-500">
              mode {s.mode}, owner {s.owner}
            </span>
          </p>
          <Code label={`Content of ${s.path}`}>{s.content}</Code>
        </>
      );
    case 'service': {
      const actions = [s.enable ? 'enable' : 'disable', s.restart ? 'restart' : s.start ? 'start' : 'stop'];
      return (
        <p className="mt-2 text-sm">
          <code className="font-mono text-xs">{s.name}</code> <span className="text-zinc-500">→ {actions.join(', ')}</span>
        </p>
      );
    }
  }
}

export function StepsList({ steps, title, id, description }: { steps: readonly Step[]; title: string; id: string; description: string }) {
  return (
    <Section title={title} id={id} description={description}>
      <ol className="space-y-3">
        {steps.map((s, i) => (
          <li key={s.id} id={`${id}-${s.id}`} className="scroll-mt-4 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" data-step={s.id} data-step-type={s.type}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-zinc-100 text-xs font-semibold dark:bg-zinc-800">{i + 1}</span>
              <span className="font-medium">{stepTitle(s)}</span>
              <Pill tone="sky">{s.type}</Pill>
              <span className="text-xs text-zinc-500">
                <code className="font-mono">{s.id}</code> · timeout {s.timeout} s · {s.retry ? 'may be retried' : 'not retried automatically'}
                {s.type === 'script' ? ` · ${s.shell}` : ''}
              </span>
            </div>
            <StepBody s={s} />
          </li>
        ))}
      </ol>
    </Section>
  );
}

export function HealthcheckPanel({ t }: { t: Template }) {
  const h = t.healthcheck;
  return (
    <Section
      title="Healthcheck"
      id="healthcheck"
      description={h ? `Every ${h.interval} s, up to ${h.retries + 1} attempts of ${h.timeout} s each.` : 'None: the container is ready once the last step succeeds.'}
    >
      {h?.http ? (
        <p className="text-sm">
          HTTP{' '}
          <code className="font-mono text-xs">
            GET http://127.0.0.1:{String(h.http.port)}
            {h.http.path}
          </code>{' '}
          inside the container answers 2xx or 3xx
        </p>
      ) : h?.command ? (
        <Code label="Healthcheck command">{Array.isArray(h.command) ? h.command.map((w) => (/[\s'"]/.test(w) ? JSON.stringify(w) : w)).join(' ') : h.command}</Code>
      ) : null}
      {h && Array.isArray(h.command) ? <p className="mt-1 text-xs text-zinc-500">An argv, run as is (no shell).</p> : null}
    </Section>
  );
}

export function PostInstallPanel({ t }: { t: Template }) {
  if (!t.postInstall) return null;
  return (
    <Section title="After install" id="post-install" description="Shown when the container is ready, with its address filled in.">
      <p className="whitespace-pre-wrap break-words rounded-md bg-emerald-50 p-3 text-sm text-emerald-950 dark:bg-emerald-950/40 dark:text-emerald-100">{t.postInstall}</p>
    </Section>
  );
}
