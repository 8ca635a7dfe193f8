import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb, recordAudit } from '../../packages/db/src/index';
import { closeRedis, getRedis } from '../../packages/redis/src/index';
import { creationProgress, dashboardSummary, searchAudit, visibleNodes, visibleTo } from '../../packages/services/src/index';
import { makeUser } from '../helpers/users';

/**
 * The ownership scopes every query spreads into its `where`: user A owns a node with a container
 * and a template of their own, shares the node read-only with B; C has nothing. Each sees exactly
 * what the scopes allow, through the service functions the pages call.
 */
type User = Awaited<ReturnType<typeof makeUser>>;
let a: User;
let b: User;
let c: User;
let nodeId: string;
let containerId: string;
let ownTemplateId: string;
let builtinTemplateId: string;

beforeAll(async () => {
  const db = getDb();
  [a, b, c] = await Promise.all([makeUser(), makeUser(), makeUser()]);
  const node = await db.node.create({ data: { userId: a.id, name: `n-${a.username}`, host: '192.0.2.1', tokenId: 'root@pam!kiln', tokenSecretEnc: 'sealed' } });
  nodeId = node.id;
  await db.nodeShare.create({ data: { nodeId, userId: b.id, role: 'viewer', createdById: a.id } });
  containerId = (await db.container.create({ data: { userId: a.id, nodeId, vmid: 100, hostname: 'scoped', pveNode: 'pve1', spec: {} } })).id;
  const slug = `scope-${randomBytes(4).toString('hex')}`;
  ownTemplateId = (await db.template.create({ data: { userId: a.id, slug, version: '1.0.0', name: 'Mine', spec: {} } })).id;
  builtinTemplateId = (await db.template.create({ data: { userId: null, builtin: true, slug: `${slug}-builtin`, version: '1.0.0', name: 'Built-in', spec: {} } })).id;
});

afterAll(async () => {
  await closeRedis();
  await closeDb();
});

const deps = () => ({ db: getDb(), redis: getRedis() });

describe('visibleTo', () => {
  it('shows a node to its owner and to whom it is shared, with their role, and to nobody else', async () => {
    expect((await visibleNodes(getDb(), a.id)).find((n) => n.id === nodeId)?.access).toBe('owner');
    expect((await visibleNodes(getDb(), b.id)).find((n) => n.id === nodeId)?.access).toBe('viewer');
    expect((await visibleNodes(getDb(), c.id)).map((n) => n.id)).not.toContain(nodeId);
  });

  it("shows Kiln's containers on a visible node, and hides them from a stranger", async () => {
    const ids = async (userId: string) => (await getDb().container.findMany({ where: visibleTo(userId).containers, select: { id: true } })).map((r) => r.id);
    expect(await ids(a.id)).toContain(containerId);
    expect(await ids(b.id)).toContain(containerId);
    expect(await ids(c.id)).not.toContain(containerId);
    expect(await creationProgress(deps(), c.id, containerId)).toBeNull();
    expect((await creationProgress(deps(), b.id, containerId))?.hostname).toBe('scoped');
  });

  it("shows the built-in catalogue to everyone and a user's own templates only to them (a node share does not share templates)", async () => {
    const ids = async (userId: string) => (await getDb().template.findMany({ where: visibleTo(userId).templates, select: { id: true } })).map((r) => r.id);
    expect(await ids(a.id)).toEqual(expect.arrayContaining([ownTemplateId, builtinTemplateId]));
    expect(await ids(b.id)).toContain(builtinTemplateId);
    expect(await ids(b.id)).not.toContain(ownTemplateId);
  });

  it('counts on the dashboard only what the user can see', async () => {
    expect((await dashboardSummary(getDb(), b.id)).nodes).toBe(1);
    expect((await dashboardSummary(getDb(), c.id)).nodes).toBe(0);
    expect((await dashboardSummary(getDb(), c.id)).containers).toEqual({});
  });
});

describe('searchAudit', () => {
  it("shows a node's owner what others did to its containers, and hides it from everyone else", async () => {
    await recordAudit(getDb(), { userId: b.id, actor: b.username, action: 'container.console.open', outcome: 'failure', targetType: 'container', targetId: `${nodeId}/100`, targetName: 'scoped' });
    const seen = async (viewer: User) => (await searchAudit(getDb(), viewer, { action: 'container.console' })).filter((e) => e.targetId === `${nodeId}/100`).length;
    expect(await seen(a)).toBe(1);
    expect(await seen(b)).toBe(1);
    expect(await seen(c)).toBe(0);
  });
});
