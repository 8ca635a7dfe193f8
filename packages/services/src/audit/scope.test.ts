import { describe, expect, it } from 'vitest';
import { auditScope } from './scope';

const alice = { id: 'u-alice', role: 'user' };
const admin = { id: 'u-admin', role: 'admin' };

describe('auditScope', () => {
  it('lets an admin see every event, or one user’s by name', () => {
    expect(auditScope(admin, [])).toEqual({});
    expect(auditScope(admin, [], 'bob')).toEqual({ actor: { equals: 'bob', mode: 'insensitive' } });
  });

  it('ignores a user filter from a non-admin: they see only their own events', () => {
    expect(auditScope(alice, [], 'bob')).toEqual({ userId: 'u-alice' });
  });

  it('adds what others did to the nodes a user owns and to the containers on them', () => {
    const scope = auditScope(alice, ['n1', 'n2']);
    expect(scope.OR).toEqual([
      { userId: 'u-alice' },
      { targetType: 'node', targetId: { in: ['n1', 'n2'] } },
      { targetType: 'container', targetId: { startsWith: 'n1/' } },
      { targetType: 'container', targetId: { startsWith: 'n2/' } },
    ]);
  });
});
