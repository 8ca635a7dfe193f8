import type { Template } from '@kiln/core/templates';
import type { CheckFields } from './schema';

type ParamValues = Record<string, string | number | boolean>;

/** `{{ params.port }}` (nothing else around it) -> "port". */
const PARAM_REF = /^\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

function portOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 65_535 ? n : undefined;
}

/**
 * The checks Kiln adds to a container it created or adopted from a template: the template's HTTP
 * healthcheck, seen from outside (the worker, not 127.0.0.1 inside), or else the service's port
 * (the first `port` param): HTTP when the post-install note links to it as a web page, TCP
 * otherwise. A template with neither (a command healthcheck only) gets none; the user adds their own.
 */
export function defaultChecks(template: Template, params: ParamValues): CheckFields[] {
  const base = { host: undefined, keyword: undefined, path: '/', tlsWarnDays: 14, intervalSeconds: 60, timeoutMs: 5000, failuresToAlert: 2, enabled: true } as const;
  const http = template.healthcheck?.http;
  if (http) {
    const ref = typeof http.port === 'string' ? PARAM_REF.exec(http.port)?.[1] : undefined;
    const port = typeof http.port === 'number' ? http.port : ref ? portOf(params[ref] ?? template.params.find((p) => p.name === ref)?.default) : undefined;
    const path = http.path.includes('{{') ? '/' : http.path;
    if (port) return [{ ...base, name: `HTTP ${port}${path === '/' ? '' : path}`, kind: 'http', port, path }];
  }
  const param = template.params.find((p) => p.type === 'port');
  if (!param) return [];
  const port = portOf(params[param.name] ?? param.default);
  if (!port) return [];
  const note = template.postInstall ?? '';
  const link = new RegExp(`(https?)://\\{\\{\\s*container\\.ip\\s*\\}\\}:\\{\\{\\s*params\\.${param.name}\\s*\\}\\}`).exec(note);
  const kind = link?.[1] === 'https' ? 'https' : link ? 'http' : 'tcp';
  const label = param.label ?? param.name;
  return [{ ...base, name: kind === 'tcp' ? `${label} (TCP ${port})` : `${kind.toUpperCase()} ${port}`, kind, port }];
}
