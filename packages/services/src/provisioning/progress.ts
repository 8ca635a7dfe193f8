import type { Db } from '@kiln/db';
import { visibleTo } from '../scopes';
import type { Redis } from '@kiln/redis';
import { readOperationEvents } from '../operations/channel';
import { currentCreationOperation } from './operation';

export interface CreationOutputChunk {
  /** The channel entry's id: a cursor for the operations route. */
  id: string;
  step: string;
  text: string;
}

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
  /** A cancelled creation's failure says so (`cancelled`, `cancelledBy`): same choices, different words. */
  failure: { step: string; title?: string; message: string; exitCode?: number; outputTail?: string; cancelled?: boolean; cancelledBy?: string } | null;
  steps: {
    key: string;
    title: string;
    state: string;
    attempts: number;
    error: string | null;
    exitCode: number | null;
    outputTail: string | null;
    startedAt: string | null;
    finishedAt: string | null;
  }[];
  events: { id: string; level: string; type: string; message: string; at: string }[];
  /** The creation's current operation (its first run or the latest Retry), followed through /api/operations/[id]. */
  operation: { id: string; state: string; mine: boolean } | null;
  /** The output streamed so far by that operation, replayed from its channel. */
  output: CreationOutputChunk[];
  /** The channel cursor after everything in `output` (pass as `after` to follow on). */
  cursor: string;
  createdAt: string;
  readyAt: string | null;
}

/** How much of a channel a page renders at once: the stream itself keeps about 5000 entries. */
const REPLAY_BATCHES = 10;

/** A creation's state for anyone who can see its node (another user's id reads as not found). */
export async function creationProgress(deps: { db: Db; redis: Redis }, userId: string, containerId: string): Promise<CreationProgress | null> {
  const row = await deps.db.container.findFirst({
    where: { id: containerId, ...visibleTo(userId).containers },
    include: { steps: { orderBy: { position: 'asc' } }, events: { orderBy: { id: 'desc' }, take: 100 } },
  });
  if (!row) return null;
  const op = await currentCreationOperation(deps.db, containerId);
  const mine = op ? (await deps.db.operation.findUnique({ where: { id: op.id }, select: { userId: true } }))?.userId === userId : false;
  const output: CreationOutputChunk[] = [];
  let cursor = '0';
  // The live detail is the requester's, like every operation's; others see the row's steps and events.
  if (op && mine) {
    for (let i = 0; i < REPLAY_BATCHES; i++) {
      const batch = await readOperationEvents(deps.redis, op.id, cursor);
      if (batch.length === 0) break;
      cursor = batch.at(-1)!.id;
      for (const e of batch) if (e.event.type === 'output') output.push({ id: e.id, step: e.event.step ?? '', text: e.event.text });
    }
  }
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
    steps: row.steps.map((s) => ({
      key: s.key,
      title: s.title,
      state: s.state,
      attempts: s.attempts,
      error: s.error,
      exitCode: s.exitCode,
      outputTail: s.outputTail,
      startedAt: s.startedAt?.toISOString() ?? null,
      finishedAt: s.finishedAt?.toISOString() ?? null,
    })),
    events: row.events.reverse().map((e) => ({ id: String(e.id), level: e.level, type: e.type, message: e.message, at: e.createdAt.toISOString() })),
    operation: op ? { id: op.id, state: op.state, mine } : null,
    output,
    cursor,
    createdAt: row.createdAt.toISOString(),
    readyAt: row.readyAt?.toISOString() ?? null,
  };
}
