/** Shared test data (imported by *.test.ts only). */
import type { RenderContext } from './interpolate';
import type { TemplateInput } from './schema/template';

export function minimalTemplate(extra: Partial<TemplateInput> = {}): TemplateInput {
  return {
    apiVersion: 'kiln/v1',
    slug: 'demo',
    name: 'Demo',
    version: '1.0.0',
    description: 'A demo template',
    icon: 'server',
    os: { distribution: 'debian', version: '12' },
    steps: [{ id: 'hello', type: 'script', run: 'echo hello' }],
    ...extra,
  };
}

export const container = { hostname: 'web-01', ip: '10.10.0.100', vmid: 123 };

export function ctxWith(params: RenderContext['params']): RenderContext {
  return { params, container };
}
