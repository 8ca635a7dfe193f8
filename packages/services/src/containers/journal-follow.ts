import { randomUUID } from 'node:crypto';
import { isAppError } from '@kiln/core';
import type { Db } from '@kiln/db';
import { enqueue } from '@kiln/queue';
import type { Redis } from '@kiln/redis';
import { JOURNAL_FOLLOW_ALIVE_TTL_SECONDS, JOURNAL_FOLLOW_TTL_SECONDS, journalFollowAliveKey, journalFollowKey } from '../keys';
import { nodeForRole } from '../nodes/access';
import type { ContainerRef } from './locate';
import { ContainerServices } from './services';

/**
 * A live journal follow, run by the worker (it holds the SSH session) and relayed by the web route.
 * The worker writes what `journalctl -f` prints to a capped Redis stream per follow; the web route
 * reads it with a cursor and keeps an "alive" key fresh while its browser listens. When the key
 * lapses (tab closed, web restarted) the worker ends the follow and gives the SSH session back.
 */
export type FollowEvent = { type: 'open' } | { type: 'lines'; lines: string[] } | { type: 'end'; reason: string } | { type: 'failure'; message: string };

/** The stream outlives its follow briefly, for a relay that is a poll behind. */
const STREAM_TTL_SECONDS = JOURNAL_FOLLOW_TTL_SECONDS;
const STREAM_MAXLEN = 2000;
/** The relay renews this every ALIVE_RENEW_MS; the worker checks it every ALIVE_CHECK_MS. */
const ALIVE_TTL_SECONDS = JOURNAL_FOLLOW_ALIVE_TTL_SECONDS;
export const ALIVE_RENEW_MS = 10_000;
const ALIVE_CHECK_MS = 2_000;

export async function appendFollowEvent(redis: Redis, followId: string, event: FollowEvent): Promise<void> {
  const key = journalFollowKey(followId);
  await redis.multi().xadd(key, 'MAXLEN', '~', String(STREAM_MAXLEN), '*', 'e', JSON.stringify(event)).expire(key, STREAM_TTL_SECONDS).exec();
}

export async function readFollowEvents(redis: Redis, followId: string, afterId = '0'): Promise<{ id: string; event: FollowEvent }[]> {
  const start = afterId === '0' ? '-' : `(${afterId}`;
  const entries = await redis.xrange(journalFollowKey(followId), start, '+', 'COUNT', 500);
  const out: { id: string; event: FollowEvent }[] = [];
  for (const [id, fields] of entries) {
    const raw = fields[fields.indexOf('e') + 1];
    if (raw) out.push({ id, event: JSON.parse(raw) as FollowEvent });
  }
  return out;
}

/** Web side: checks the role, then asks the worker to follow. Returns the follow's id. */
export async function startJournalFollow(deps: { db: Db; redis: Redis }, userId: string, ref: ContainerRef, unit: string, maxMs: number): Promise<string> {
  await nodeForRole(deps.db, userId, ref.nodeId, 'operator');
  const followId = randomUUID();
  await deps.redis.set(journalFollowAliveKey(followId), '1', 'EX', ALIVE_TTL_SECONDS);
  await enqueue(
    'followJournal',
    { userId, nodeId: ref.nodeId, vmid: ref.vmid, unit, followId, maxMs },
    { jobId: `follow-${followId}`, attempts: 1, removeOnComplete: { age: 300 }, removeOnFail: { age: 300 } },
  );
  return followId;
}

export async function keepFollowAlive(redis: Redis, followId: string): Promise<void> {
  await redis.set(journalFollowAliveKey(followId), '1', 'EX', ALIVE_TTL_SECONDS);
}

export async function stopJournalFollow(redis: Redis, followId: string): Promise<void> {
  await redis.del(journalFollowAliveKey(followId));
}

/** Worker side: follows until the relay stops listening, the time limit, or a worker shutdown. */
export async function runJournalFollow(
  deps: { db: Db; redis: Redis; shutdown: AbortSignal },
  data: { userId: string; nodeId: string; vmid: number; unit: string; followId: string; maxMs: number },
): Promise<{ reason: string }> {
  const { redis } = deps;
  const { followId } = data;
  const abort = new AbortController();
  let reason = 'time limit';
  const stop = (why: string) => {
    if (abort.signal.aborted) return;
    reason = why;
    abort.abort();
  };
  const onShutdown = () => stop('worker restart');
  deps.shutdown.addEventListener('abort', onShutdown, { once: true });
  const watch = setInterval(() => {
    void redis.exists(journalFollowAliveKey(followId)).then(
      (n) => n === 0 && stop('closed'),
      () => undefined,
    );
  }, ALIVE_CHECK_MS);
  // Appends are chained so the relay reads lines in the order journalctl printed them.
  let chain: Promise<unknown> = Promise.resolve();
  const emit = (e: FollowEvent) => (chain = chain.then(() => appendFollowEvent(redis, followId, e)).catch(() => undefined));
  try {
    if (deps.shutdown.aborted || (await redis.exists(journalFollowAliveKey(followId))) === 0) return { reason: 'closed' };
    await new ContainerServices({ db: deps.db, redis }).follow(data.userId, { nodeId: data.nodeId, vmid: data.vmid }, data.unit, (lines) => void emit({ type: 'lines', lines }), {
      signal: abort.signal,
      maxMs: data.maxMs,
      onStart: () => void emit({ type: 'open' }),
    });
    emit({ type: 'end', reason });
  } catch (e) {
    emit({ type: 'failure', message: isAppError(e) ? e.message : 'Following the journal failed.' });
    reason = 'failed';
  } finally {
    clearInterval(watch);
    deps.shutdown.removeEventListener('abort', onShutdown);
    await chain;
  }
  return { reason };
}
