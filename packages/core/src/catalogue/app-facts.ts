/**
 * What an app page shows of a template at a glance: the port its interface answers on, the
 * default credentials and notes, and (for a helper-scripts app) the upstream install script it
 * runs. Read from the template itself, so it holds for kiln/v1 files too (port from the
 * healthcheck, the rest from helper-template.ts's post-install lines).
 */
import type { Template } from '../templates';
import { CATALOGUE_DIR, NOTE_PREFIX } from './helper-template';

export interface AppFacts {
  interfacePort?: number;
  credentials?: string;
  notes: string[];
  website?: string;
  /** The upstream install script as the container receives it (Kiln's `\{{` escape undone). */
  installScript?: { path: string; content: string };
}

const TCP_CHECK = /\/dev\/tcp\/[^/]+\/(\d{1,5})\b/;

function interfacePort(t: Template): number | undefined {
  const h = t.healthcheck;
  if (h?.http) return typeof h.http.port === 'number' ? h.http.port : Number(h.http.port) || undefined;
  const command = Array.isArray(h?.command) ? h.command.join(' ') : h?.command;
  const m = command ? TCP_CHECK.exec(command) : null;
  return m ? Number(m[1]) : undefined;
}

export function appFacts(t: Template): AppFacts {
  const lines = (t.postInstall ?? '').split('\n').map((l) => l.replace(/\\\{\{/g, '{{'));
  const after = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
  const script = t.steps.find((s) => s.type === 'file' && s.path.startsWith(`${CATALOGUE_DIR}/`) && s.path.endsWith('-install.sh'));
  return {
    interfacePort: interfacePort(t),
    credentials: after(NOTE_PREFIX.credentials)[0],
    notes: after(NOTE_PREFIX.note),
    website: after(NOTE_PREFIX.website)[0],
    ...(script?.type === 'file' ? { installScript: { path: `install/${script.path.slice(CATALOGUE_DIR.length + 1)}`, content: script.content.replace(/\\\{\{/g, '{{') } } : {}),
  };
}
