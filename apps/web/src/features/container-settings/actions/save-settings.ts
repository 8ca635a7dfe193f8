'use server';

import { requestSettingsChange } from '@kiln/services';
import { settingsRequestSchema } from '@kiln/services/schemas';
import { authAction } from '@/lib/safe-action';
import { containerDeps } from '@/features/container-detail/server';

/** Saves a container's settings: queues `container.configure` with the digest the form was loaded with. */
export const saveSettingsAction = authAction
  .metadata({ name: 'saveSettings' })
  .inputSchema(settingsRequestSchema)
  .action(async ({ parsedInput: { nodeId, vmid, ...params }, ctx }) => requestSettingsChange(containerDeps(), ctx.actor, { nodeId, vmid }, params));
