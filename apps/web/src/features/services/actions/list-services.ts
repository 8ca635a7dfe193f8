'use server';

import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerServices } from '@/features/container-detail/server';

/** The container's systemd services (name, state, enabled), read over the node's pooled SSH connection. */
export const listServicesAction = authAction
  .metadata({ name: 'listServices' })
  .inputSchema(containerRefSchema)
  .action(async ({ parsedInput, ctx }) => ({ services: await containerServices().list(ctx.user.id, parsedInput), at: Date.now() }));
