import type { WebClient } from './web-client';

export interface FollowedView {
  operation: { id: string; kind: string; state: string; message: string | null; result: unknown };
  events: { id: string; event: { type: string; [k: string]: unknown } }[];
}

/**
 * Follows an operation the way the browser does (GET /api/operations/<id>?after=<cursor>) until it
 * ends; returns its final row and every event seen, in order.
 */
export async function followOperation(web: WebClient, operationId: string, timeoutMs = 60_000): Promise<FollowedView> {
  const deadline = Date.now() + timeoutMs;
  let after = '0';
  const events: FollowedView['events'] = [];
  for (;;) {
    const res = await web.fetch(`/api/operations/${operationId}?after=${after}`);
    if (res.status !== 200) throw new Error(`operation ${operationId}: HTTP ${res.status}`);
    const view = (await res.json()) as FollowedView & { cursor: string };
    events.push(...view.events);
    after = view.cursor;
    if (['succeeded', 'failed', 'cancelled'].includes(view.operation.state) && view.events.length === 0) return { operation: view.operation, events };
    if (Date.now() > deadline) throw new Error(`operation ${operationId} still ${view.operation.state} after ${timeoutMs} ms`);
    if (view.events.length === 0) await new Promise((r) => setTimeout(r, 200));
  }
}
