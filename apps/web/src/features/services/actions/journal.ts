'use server';

import { z } from 'zod';
import { JOURNAL_MAX_LINES, UNIT_NAME_RE } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerServices } from '@/features/container-detail/server';

/** The last lines of one service's journal. */
export const serviceJournalAction = authAction
  .metadata({ name: 'serviceJournal' })
  .inputSchema(containerRefSchema.extend({ unit: z.string().regex(UNIT_NAME_RE, 'Not a service unit name.'), lines: z.number().int().min(1).max(JOURNAL_MAX_LINES).default(200) }))
  .action(async ({ parsedInput: { nodeId, vmid, unit, lines }, ctx }) => ({ lines: await containerServices().journal(ctx.user.id, { nodeId, vmid }, unit, lines) }));
