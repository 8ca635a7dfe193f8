'use server';

import { requestImageDownload } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { deps } from '@/server/services';
import { downloadImageSchema } from '../schemas';

/** "Download" from the node's appliance index (operators): queues `image.download`. */
export const downloadImageAction = authAction
  .metadata({ name: 'downloadImage' })
  .inputSchema(downloadImageSchema)
  .action(async ({ parsedInput: { nodeId, storage, template }, ctx }) => requestImageDownload(deps(), ctx.actor, nodeId, { storage, template }));
