/**
 * The audit page's filters, read from the URL with safe defaults. Pure, shared by the page and
 * its unit test.
 */
export const ACTION_GROUPS = [
  { value: '', label: 'All actions' },
  { value: 'auth.', label: 'Sign-in and sign-out' },
  { value: 'user.', label: 'Users' },
  { value: 'node.', label: 'Nodes' },
  { value: 'template.', label: 'Templates' },
  { value: 'container.', label: 'Containers (all)' },
  { value: 'container.create', label: 'Container created' },
  { value: 'container.delete', label: 'Container deleted' },
  { value: 'container.console', label: 'Console opened' },
  { value: 'container.service', label: 'Service commands' },
] as const;

export const PERIODS = [
  { value: '', label: 'Any time', hours: 0 },
  { value: '24h', label: 'Last 24 hours', hours: 24 },
  { value: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { value: '30d', label: 'Last 30 days', hours: 24 * 30 },
] as const;

export interface AuditFilters {
  action: string;
  outcome: 'success' | 'failure' | undefined;
  /** Matches the target's name or id (case-insensitive, contains). */
  target: string;
  period: string;
  /** Admins only: one user's events (by user name); others always see their own. */
  user: string;
  before: bigint | undefined;
}

type Params = Record<string, string | string[] | undefined>;

export function auditFilters(sp: Params): AuditFilters {
  const one = (k: string) => (typeof sp[k] === 'string' ? (sp[k] as string) : '');
  const action = ACTION_GROUPS.some((a) => a.value === one('action')) ? one('action') : '';
  const outcome = one('outcome') === 'success' || one('outcome') === 'failure' ? (one('outcome') as 'success' | 'failure') : undefined;
  const period = PERIODS.some((p) => p.value === one('period')) ? one('period') : '';
  const before = /^\d{1,19}$/.test(one('before')) ? BigInt(one('before')) : undefined;
  return { action, outcome, target: one('target').trim().slice(0, 100), period, user: one('user').trim().toLowerCase().slice(0, 64), before };
}

export function periodStart(period: string, now = Date.now()): Date | undefined {
  const p = PERIODS.find((x) => x.value === period);
  return p && p.hours ? new Date(now - p.hours * 3600_000) : undefined;
}

/** The query string of the current filters (for "older events" and links), without empty values. */
export function filterQuery(f: AuditFilters, extra: Record<string, string> = {}): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.action) q['action'] = f.action;
  if (f.outcome) q['outcome'] = f.outcome;
  if (f.target) q['target'] = f.target;
  if (f.period) q['period'] = f.period;
  if (f.user) q['user'] = f.user;
  return { ...q, ...extra };
}
