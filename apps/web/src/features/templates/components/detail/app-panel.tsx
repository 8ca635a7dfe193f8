import Link from 'next/link';
import type { AppFacts } from '@kiln/core/catalogue';
import type { Deployability } from '@kiln/services';
import { Code, Facts, Pill, Section } from './section';

/** The app at a glance: can it be deployed (and why not), where it answers, how to sign in, what it runs. */
export function AppPanel({ facts, deploy }: { facts: AppFacts; deploy: Deployability }) {
  const items = [
    {
      label: 'Deployable',
      value: deploy.deployable ? (
        <span data-deployable="yes">
          Yes, on {deploy.nodes} node{deploy.nodes === 1 ? '' : 's'} you may create on
        </span>
      ) : (
        <span data-deployable="no">
          <Pill tone="amber">Not now</Pill> {deploy.reason}
        </span>
      ),
    },
    { label: 'Interface', value: facts.interfacePort ? `port ${facts.interfacePort} (http://<container address>:${facts.interfacePort}/)` : 'no port given' },
  ];
  if (facts.credentials) items.push({ label: 'Default credentials', value: <code className="text-xs">{facts.credentials}</code> });
  if (facts.website) items.push({ label: 'Website', value: <span className="break-all">{facts.website}</span> });
  if (facts.installScript) {
    items.push({
      label: 'Runs',
      value: (
        <>
          <code className="text-xs">{facts.installScript.path}</code>{' '}
          <Link href="#install-script" className="text-kiln-700 hover:underline dark:text-kiln-400">
            (shown in full below)
          </Link>
        </>
      ),
    });
  }
  return (
    <Section title="App" id="app" description="What deploying it gives you. Nothing here runs in your browser: the script is shown as text, and Kiln runs it inside the new container only.">
      <Facts items={items} />
      <NotesList notes={facts.notes} />
    </Section>
  );
}

/** The app's notes from its source (post-install hints, warnings). */
export function NotesList({ notes }: { notes: string[] }) {
  if (!notes.length) return null;
  return (
    <ul className="mt-3 list-disc space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300" aria-label="Notes">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

/** The upstream install script byte for byte, as the container receives it: text to read, never run here. */
export function InstallScriptPanel({ script, commit }: { script: NonNullable<AppFacts['installScript']>; commit: string | null }) {
  return (
    <Section
      title="Install script"
      id="install-script"
      description={
        <>
          <code className="text-xs">{script.path}</code>
          {commit ? ` at commit ${commit.slice(0, 12)}` : ''}, exactly as the container receives it. Kiln runs it inside the new container only, never on the Proxmox host and never in your browser.
        </>
      }
    >
      <Code label={`Install script ${script.path}`}>{script.content}</Code>
    </Section>
  );
}
