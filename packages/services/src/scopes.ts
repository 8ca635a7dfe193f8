import type { Prisma } from '@kiln/db';

/**
 * Which rows a user may see, defined once: every query that lists or finds nodes, containers or
 * templates for a user spreads one of these into its `where` instead of spelling out its own.
 *   nodes      — the user's own and those shared with them (any role)
 *   containers — Kiln's records on those nodes
 *   templates  — the user's own, the built-in catalogue and the catalogue sources' (never another user's)
 * What a user may *do* on a visible node is nodes/access.ts's question (allows, nodeForRole).
 */
export function visibleTo(userId: string) {
  const nodes = { OR: [{ userId }, { shares: { some: { userId } } }] } satisfies Prisma.NodeWhereInput;
  return {
    nodes,
    containers: { node: nodes } satisfies Prisma.ContainerWhereInput,
    templates: { OR: [{ userId }, { userId: null, builtin: true }, { userId: null, sourceId: { not: null } }] } satisfies Prisma.TemplateWhereInput,
  };
}

/**
 * visibleTo(userId).templates as a predicate, for the catalogue's in-memory index (one index for
 * every user, filtered per request). The same three cases, kept next to the query form.
 */
export function templateVisibleTo(userId: string) {
  return (t: { userId: string | null; builtin: boolean; sourceId: string | null }) => t.userId === userId || (t.userId === null && (t.builtin || t.sourceId !== null));
}

/**
 * Rows only their owner may change (node settings, the owner's own templates). The node writes in
 * @kiln/db's repositories/nodes.ts (edit, delete, default) filter by `{ userId }` themselves:
 * @kiln/db sits below services and cannot import this; it is the same rule.
 */
export function ownedBy(userId: string) {
  return {
    nodes: { userId } satisfies Prisma.NodeWhereInput,
    templates: { userId } satisfies Prisma.TemplateWhereInput,
  };
}

/** Who is looking: the signed-in user and their account role. */
export interface Viewer {
  id: string;
  role?: string;
}

/**
 * Whose operations a viewer may read and follow: their own; an admin everyone's (read-only, as
 * they read every user's audit events; `mine` narrows an admin's list to their own). Cancelling
 * stays the requester's alone (operations/request.ts cancelOperation filters by `userId`).
 */
export function operationsVisibleTo(viewer: Viewer, opts: { mine?: boolean } = {}): Prisma.OperationWhereInput {
  return viewer.role === 'admin' && !opts.mine ? {} : { userId: viewer.id };
}
