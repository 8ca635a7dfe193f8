import { z } from 'zod';
import { nodeFormObject, splitPastedToken } from '@kiln/services/schemas';

/**
 * The node form as the server action receives it: the form's fields, which node (on edit), and
 * whether the server should fill in the demo simulator's secrets from its local file.
 */
export const saveNodeInputSchema = nodeFormObject
  .extend({
    nodeId: z.uuid().optional(),
    useDemoSecrets: z.boolean().optional(),
  })
  .transform(splitPastedToken);
export type SaveNodeInput = z.input<typeof saveNodeInputSchema>;

export const vmidInputSchema = z.object({ nodeId: z.uuid('Choose a node.'), vmid: z.union([z.number(), z.string()]) });
