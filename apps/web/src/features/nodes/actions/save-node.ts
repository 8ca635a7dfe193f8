'use server';

import { revalidatePath } from 'next/cache';
import { ValidationError } from '@kiln/core';
import { authAction } from '@/lib/safe-action';
import { nodeService } from '@/server/nodes';
import { readDemoNode } from '../demo';
import { saveNodeInputSchema } from '../schemas';

/** Tests the connection check by check, and saves the node when the API checks pass. */
export const saveNodeAction = authAction
  .metadata({ name: 'saveNode' })
  .inputSchema(saveNodeInputSchema)
  .action(async ({ parsedInput, ctx }) => {
    const { nodeId, useDemoSecrets, ...form } = parsedInput;
    let values = form;
    if (useDemoSecrets) {
      const demo = readDemoNode();
      if (!demo) throw new ValidationError('The demo simulator is not running. Start Kiln with `npm start` to use it.');
      values = { ...values, tokenSecret: values.tokenSecret || demo.tokenSecret, sshPassword: values.sshPassword || demo.sshPassword };
    }
    const res = await nodeService().save({ id: ctx.user.id, username: ctx.user.username, ip: ctx.ip }, values, nodeId);
    if (res.saved) {
      revalidatePath('/settings/nodes');
      revalidatePath('/', 'layout');
    }
    // The node row is the public projection; the report holds no secrets.
    return { saved: res.saved, nodeId: res.node?.id, report: res.report, publicKey: res.publicKey };
  });
