/** What a sync reports: saved on the source (`lastSync*`) and shown on Settings → Catalogue sources. */
import { z } from 'zod';

export const syncEntryIssueSchema = z.object({
  path: z.string(),
  /** `error`: malformed, not saved. `not-deployable`: listed with the reason, never run. */
  kind: z.enum(['error', 'not-deployable']),
  message: z.string(),
  name: z.string().optional(),
});
export type SyncEntryIssue = z.infer<typeof syncEntryIssueSchema>;

export const syncSummarySchema = z.object({
  added: z.number().int(),
  unchanged: z.number().int(),
  templates: z.number().int(),
  entries: z.array(syncEntryIssueSchema),
  /** Where the helper scripts' metadata came from: the database (how many records), or why not. */
  metadata: z.object({ url: z.string(), records: z.number().int().optional(), error: z.string().optional() }).optional(),
});
export type SyncSummary = z.infer<typeof syncSummarySchema>;

export interface SyncReport extends SyncSummary {
  result: 'ok' | 'partial' | 'failed';
  /** The whole sync's problem (fetch failed, disabled, no pinned commit). */
  error?: string;
  commit?: string;
}

/** The stored summary, or an empty one (never synced, or written by an older Kiln). */
export function readSyncSummary(json: unknown): SyncSummary {
  const r = syncSummarySchema.safeParse(json);
  return r.success ? r.data : { added: 0, unchanged: 0, templates: 0, entries: [] };
}
