import { z } from 'zod';

export const containerIdSchema = z.object({ containerId: z.uuid('Unknown container.') });
