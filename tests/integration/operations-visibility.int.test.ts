/**
 * Who may read, follow and cancel an operation: its requester; an admin reads and follows anyone's
 * (read-only, like the audit log); any other user gets a 404, as if it did not exist.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { getDb } from '@kiln/db';
import { activeOperationFor } from '@kiln/services';
import { signedIn } from '../helpers/users';
import { withOwnedSim, type Owner } from './containers-fixture';
import type { WebClient } from '../helpers/web-client';

const webUrl = inject('webUrl');
const fx = withOwnedSim(webUrl);
let b: Owner;
let admin: WebClient;
let other: WebClient;

beforeAll(async () => {
  b = fx.a;
  admin = (await signedIn(webUrl, 'admin')).c;
  other = (await signedIn(webUrl)).c;
});

/** An operation of B's that stays queued (written as requestOperation would, without a job). */
async function queuedOperationOfB(kind = 'container.start', vmid = 4242) {
  return getDb().operation.create({ data: { kind, userId: b.user.id, nodeId: b.nodeId, vmid, targetName: `CT ${vmid}`, params: kind.startsWith('service.') ? { unit: 'nginx.service' } : {} } });
}

describe("an admin and someone else's operation", () => {
  it('the admin reads and follows it, sees who asked, and cannot cancel it', async () => {
    const op = await queuedOperationOfB();
    const res = await admin.fetch(`/api/operations/${op.id}?after=0`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as { operation: { id: string; requestedBy: string; state: string }; mine: boolean };
    expect(view.operation.id).toBe(op.id);
    expect(view.operation.requestedBy).toBe(b.user.username);
    expect(view.mine).toBe(false);
    // Its page renders for the admin, naming who asked (streamed pages answer 200 either way: the heading tells).
    const page = await admin.page(`/operations/${op.id}`);
    expect(page.html).toContain('>Start: CT 4242</h1>');
    expect(page.html).toContain(`Asked by ${b.user.username}`);

    // In the admin's "Everyone" list, with the requester; not in "Mine".
    const everyone = await admin.page('/operations?who=everyone');
    expect(everyone.html).toContain(`data-operation="${op.id}"`);
    expect(everyone.html).toMatch(new RegExp(`data-testid="requested-by">by (<!-- -->)?${b.user.username}<`));
    expect((await admin.page('/operations')).html).not.toContain(`data-operation="${op.id}"`);

    const cancel = await admin.action('cancelOperationAction', { operationId: op.id });
    expect(cancel.serverError?.code).toBe('NOT_FOUND');
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: op.id } })).state).toBe('queued');
    expect((await getDb().operation.findUniqueOrThrow({ where: { id: op.id } })).cancelRequested).toBe(false);
    await getDb().operation.delete({ where: { id: op.id } });
  });

  it('a user who is not an admin still gets a 404 for it, and no "Everyone" list', async () => {
    const op = await queuedOperationOfB();
    expect((await other.fetch(`/api/operations/${op.id}?after=0`)).status).toBe(404);
    expect((await other.page(`/operations/${op.id}`)).html).not.toContain('>Start: CT 4242</h1>');
    const list = await other.page('/operations?who=everyone');
    expect(list.html).not.toContain(`data-operation="${op.id}"`);
    expect(list.html).not.toContain('Everyone');
    // The requester follows their own.
    expect((await b.web.fetch(`/api/operations/${op.id}?after=0`)).status).toBe(200);
    await getDb().operation.delete({ where: { id: op.id } });
  });
});

describe('the operation a container page follows after a reload', () => {
  it('is a power or delete operation, never a service operation on the same container', async () => {
    const service = await queuedOperationOfB('service.restart', 4343);
    expect(await activeOperationFor(getDb(), b.user.id, { nodeId: b.nodeId, vmid: 4343 })).toBeNull();
    const power = await queuedOperationOfB('container.stop', 4343);
    expect((await activeOperationFor(getDb(), b.user.id, { nodeId: b.nodeId, vmid: 4343 }))?.id).toBe(power.id);
    await getDb().operation.deleteMany({ where: { id: { in: [service.id, power.id] } } });
  });
});
