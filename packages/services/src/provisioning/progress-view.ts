import type { DataDeps } from '../deps';
import { visibleTo } from '../scopes';
import { readOutput, type OutputChunk } from './events';

/** A creation as its progress page shows it (dates as ISO strings: it is sent to the browser). */
export interface CreationProgress {
  id: string;
  hostname: string;
  vmid: number;
  pveNode: string;
  nodeId: string;
  lifecycle: 'creating' | 'ready' | 'error' | 'deleted';
  ip: string | null;
  template: string | null;
  postInstall: string | null;
  failure: { step: string; title?: string; message: string; exitCode?: number; outputTail?: string } | null;
  steps: { key: string; title: string; state: string; attempts: number; error: string | null; exitCode: number | null; outputTail: string | null; startedAt: string | null; finishedAt: string | null }[];
  events: { id: string; level: string; type: string; message: string; at: string }[];
  output: OutputChunk[];
  createdAt: string;
  readyAt: string | null;
}

/** A creation's state for anyone who can see its node (another user's id reads as not found). */
export async function creationProgress(deps: DataDeps, userId: string, containerId: string, afterOutputId = '0'): Promise<CreationProgress | null> {
  const row = await deps.db.container.findFirst({
    where: { id: containerId, ...visibleTo(userId).containers },
    include: { steps: { orderBy: { position: 'asc' } }, events: { orderBy: { id: 'desc' }, take: 100 } },
  });
  if (!row) return null;
  return {
    id: row.id,
    hostname: row.hostname,
    vmid: row.vmid,
    pveNode: row.pveNode,
    nodeId: row.nodeId,
    lifecycle: row.lifecycle,
    ip: row.ip,
    template: row.templateSlug ? `${row.templateSlug} ${row.templateVersion ?? ''}`.trim() : null,
    postInstall: row.postInstall,
    failure: (row.failure as CreationProgress['failure']) ?? null,
    steps: row.steps.map((s) => ({ key: s.key, title: s.title, state: s.state, attempts: s.attempts, error: s.error, exitCode: s.exitCode, outputTail: s.outputTail, startedAt: s.startedAt?.toISOString() ?? null, finishedAt: s.finishedAt?.toISOString() ?? null })),
    events: row.events.reverse().map((e) => ({ id: String(e.id), level: e.level, type: e.type, message: e.message, at: e.createdAt.toISOString() })),
    output: await readOutput(deps.redis, containerId, afterOutputId),
    createdAt: row.createdAt.toISOString(),
    readyAt: row.readyAt?.toISOString() ?? null,
  };
}
