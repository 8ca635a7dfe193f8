/** Rules for `injectFailure`: answer matching requests with an error instead of handling them. */
export interface FailureRule {
  method?: string;
  /** A path below `/api2/json` (`*` matches one path segment) or a RegExp. */
  path: string | RegExp;
  status: number;
  message: string;
  /** How many requests fail (default 1; `Infinity` for all). */
  times?: number;
  /** Hold the request this long before failing it: a hung node (clients should time out first). */
  hangMs?: number;
}

/** Glob (`/nodes/* /lxc`) to an anchored RegExp over the relative API path. */
export function pathMatcher(path: string | RegExp): RegExp {
  if (path instanceof RegExp) return path;
  const body = path
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${body.replace(/\/$/, '')}/?$`);
}

/** CLI form `METHOD /path=STATUS:message[:times]`, the path relative to /api2/json (`*` = one segment). */
export function parseFailureRule(spec: string): FailureRule {
  const m = /^(?:(GET|POST|PUT|DELETE)\s+)?(\S+)=(\d{3}):(.*?)(?::(\d+))?$/i.exec(spec.trim());
  if (!m?.[2] || !m[3]) throw new Error(`invalid failure rule '${spec}' (expected 'POST /nodes/*/lxc=500:some text')`);
  return {
    ...(m[1] ? { method: m[1].toUpperCase() } : {}),
    path: m[2],
    status: Number(m[3]),
    message: m[4] ?? '',
    // on the command line a rule without a count stays active
    times: m[5] ? Number(m[5]) : Number.POSITIVE_INFINITY,
  };
}

export class FailureInjector {
  private readonly rules: Array<FailureRule & { re: RegExp }> = [];

  add(rule: FailureRule): void {
    this.rules.push({ ...rule, re: pathMatcher(rule.path) });
  }

  /** The rule to apply to this request, consuming one of its `times`. */
  take(method: string, relPath: string): FailureRule | undefined {
    const idx = this.rules.findIndex((r) => (!r.method || r.method.toUpperCase() === method) && r.re.test(relPath));
    const rule = this.rules[idx];
    if (!rule) return undefined;
    rule.times = (rule.times ?? 1) - 1;
    if (rule.times <= 0) this.rules.splice(idx, 1);
    return rule;
  }
}

export interface RequestLogEntry {
  method: string;
  path: string;
}

/** Every request the API saw, for tests that count polls. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > 100_000) this.entries.splice(0, 50_000);
  }

  count(filter: { method?: string; path?: string | RegExp } = {}): number {
    return this.entries.filter(
      (e) => (!filter.method || filter.method.toUpperCase() === e.method) && (filter.path === undefined || (filter.path instanceof RegExp ? filter.path.test(e.path) : filter.path === e.path)),
    ).length;
  }

  reset(): void {
    this.entries = [];
  }
}
