'use server';

import { z } from 'zod';
import { BRIDGE_RE } from '@kiln/services/schemas';
import { ipPoolChoices } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/deps';

/** The wizard's network step: the user's own pools on the chosen bridge. */
export const ipPoolChoicesAction = authAction
  .metadata({ name: 'ipPoolChoices' })
  .inputSchema(z.object({ bridge: z.string().regex(BRIDGE_RE) }))
  .action(async ({ parsedInput, ctx }) => ipPoolChoices(deps().db, ctx.user.id, parsedInput.bridge));
