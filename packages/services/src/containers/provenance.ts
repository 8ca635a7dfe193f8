import type { Container, Db } from '@kiln/db';

/** How Kiln made a container: shown on its page. Secret values never leave the server. */
export interface Provenance {
  containerId: string;
  lifecycle: Container['lifecycle'];
  templateSlug: string | null;
  templateVersion: string | null;
  createdAt: string;
  createdBy: string;
  readyAt: string | null;
  deletedAt: string | null;
  /** Kiln adopted it (it did not create it): when; `createdBy` is who adopted it. */
  adoptedAt: string | null;
  params: { name: string; value: string; masked: boolean }[];
  /** Secret parameters exist (stored encrypted, never displayed). */
  hasSecrets: boolean;
}

export const MASK = '••••••';
const SECRETISH = /pass|secret|token|key|salt|private|credential/i;

function display(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * The parameters recorded in the row's spec. The spec holds non-secret values only, but names
 * that look secret are masked anyway: a template author may have typed a password as a string.
 */
export function provenanceParams(spec: unknown): Provenance['params'] {
  const params = spec && typeof spec === 'object' ? (spec as Record<string, unknown>)['params'] : undefined;
  if (!params || typeof params !== 'object' || Array.isArray(params)) return [];
  return Object.entries(params as Record<string, unknown>)
    .map(([name, v]) => (SECRETISH.test(name) ? { name, value: MASK, masked: true } : { name, value: display(v).slice(0, 500), masked: false }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function containerProvenance(db: Db, row: Container): Promise<Provenance> {
  const owner = await db.user.findUnique({ where: { id: row.userId }, select: { username: true } });
  const created = await db.containerEvent.findFirst({ where: { containerId: row.id }, orderBy: { id: 'asc' }, select: { data: true } });
  const by = created?.data && typeof created.data === 'object' ? (created.data as Record<string, unknown>)['by'] : undefined;
  return {
    containerId: row.id,
    lifecycle: row.lifecycle,
    templateSlug: row.templateSlug,
    templateVersion: row.templateVersion,
    createdAt: row.createdAt.toISOString(),
    createdBy: typeof by === 'string' ? by : (owner?.username ?? 'unknown'),
    readyAt: row.readyAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    adoptedAt: row.adoptedAt?.toISOString() ?? null,
    params: provenanceParams(row.spec),
    hasSecrets: !!row.secretsEnc,
  };
}
