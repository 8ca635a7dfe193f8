import Link from 'next/link';
import type { TemplateProvenance } from '@kiln/services';
import { Facts, Section } from './section';

/** Where a synced template came from, so the user can check the exact files before deploying. */
export function ProvenancePanel({ p, installPath }: { p: TemplateProvenance; installPath?: string }) {
  return (
    <Section
      title="Source"
      id="provenance"
      description="Synced from a catalogue source and read-only: clone it to change it. The steps below are exactly what runs inside the container (never on the Proxmox host)."
    >
      <Facts
        items={[
          { label: 'Source', value: p.sourceName },
          { label: 'Repository', value: <span className="break-all font-mono text-xs">{p.sourceUrl}</span> },
          { label: 'File', value: p.path ? <code className="text-xs">{p.path}</code> : '—' },
          ...(installPath ? [{ label: 'Install script', value: <code className="text-xs">{installPath}</code> }] : []),
          { label: 'Commit', value: p.commit ? <code className="break-all text-xs">{p.commit}</code> : '—' },
          { label: 'Content sha256', value: p.contentHash ? <code className="break-all text-xs">{p.contentHash}</code> : '—' },
        ]}
      />
      <p className="mt-3 text-xs text-zinc-500">
        Managed under <Link href="/settings/catalogue">Settings → Catalogue sources</Link> (administrators).
      </p>
    </Section>
  );
}
