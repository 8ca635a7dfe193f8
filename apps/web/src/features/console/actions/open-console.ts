'use server';

import { headers } from 'next/headers';
import { ContainerOpError, issueConsoleTicket, readGateway, sessionHashOf } from '@kiln/services';
import { authAction } from '@/lib/safe-action';
import { containerRefSchema } from '@/features/container-detail/schemas';
import { containerDeps } from '@/features/container-detail/server';
import { getConfig } from '@/server/services';

/**
 * A one-time, 30-second ticket for the console of one of the caller's containers, and where the
 * gateway listens. The ticket is bound to this user, this container, the page's origin and this
 * session (signing out closes the console).
 */
export const openConsoleAction = authAction
  .metadata({ name: 'openConsole' })
  .inputSchema(containerRefSchema)
  .action(async ({ parsedInput, ctx }) => {
    const cfg = getConfig();
    const gateway = cfg.CONSOLE_PUBLIC_URL ? null : await readGateway(containerDeps().redis);
    if (!cfg.CONSOLE_PUBLIC_URL && !gateway) throw new ContainerOpError('The console service is not running. Is the Kiln worker running?', 'unavailable');
    // Next.js has already checked that a server action's Origin matches the host.
    const origin = (await headers()).get('origin') ?? new URL(cfg.APP_URL).origin;
    const { ticket, expiresAt } = await issueConsoleTicket(containerDeps(), ctx.actor, parsedInput, { origin, sessionHash: sessionHashOf(ctx.sid) });
    return { ticket, expiresAt, url: cfg.CONSOLE_PUBLIC_URL ?? null, port: gateway?.port ?? null };
  });
