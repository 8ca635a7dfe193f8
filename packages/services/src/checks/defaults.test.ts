import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTemplateText, type Template } from '@kiln/core/templates';
import { defaultChecks } from './defaults';

const builtin = (slug: string): Template => {
  const text = readFileSync(path.resolve(import.meta.dirname, `../../../core/templates/${slug}.yaml`), 'utf8');
  const parsed = parseTemplateText(text);
  if (!parsed.ok) throw new Error(`${slug} does not parse`);
  return parsed.template;
};

describe('default service checks from a template', () => {
  it('checks the app port over HTTP when the post-install note links to it as a web page (nodejs-app)', () => {
    const [c, ...rest] = defaultChecks(builtin('nodejs-app'), { port: 8080 });
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ kind: 'http', port: 8080, path: '/', intervalSeconds: 60, failuresToAlert: 2, enabled: true });
  });

  it('checks a port param over TCP otherwise, with the template default when the container has no value (redis, postgresql)', () => {
    expect(defaultChecks(builtin('redis'), {})).toEqual([expect.objectContaining({ kind: 'tcp', port: 6379, name: 'Port (TCP 6379)' })]);
    expect(defaultChecks(builtin('postgresql'), { port: '5433' })).toEqual([expect.objectContaining({ kind: 'tcp', port: 5433 })]);
  });

  it('adds none when the template has neither an HTTP healthcheck nor a port (base)', () => {
    expect(defaultChecks(builtin('base'), {})).toEqual([]);
  });

  it('turns an HTTP healthcheck into an outside check, its port from a param', () => {
    const t = builtin('nodejs-app');
    const withHttp = { ...t, healthcheck: { http: { port: '{{ params.port }}', path: '/healthz' }, interval: 5, retries: 3, timeout: 10 } } as Template;
    expect(defaultChecks(withHttp, { port: 3000 })).toEqual([expect.objectContaining({ kind: 'http', port: 3000, path: '/healthz', name: 'HTTP 3000/healthz' })]);
    const fixed = { ...t, healthcheck: { http: { port: 9000, path: '/' }, interval: 5, retries: 3, timeout: 10 } } as Template;
    expect(defaultChecks(fixed, {})).toEqual([expect.objectContaining({ kind: 'http', port: 9000 })]);
  });
});
