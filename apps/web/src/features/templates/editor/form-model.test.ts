import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateTemplate } from '@kiln/core/templates';
import { loadBuiltinTemplates } from '@kiln/core/templates/catalogue';
import { emptyForm, emptyParam, emptyStep, fromTemplate, toDocument } from './form-model';
import { fieldFor, parsePath, validateForm } from './issues';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../../packages/core/templates');
const builtins = loadBuiltinTemplates(dir);

describe('editor form <-> template document', () => {
  it('round-trips every built-in template unchanged', () => {
    expect(builtins.length).toBeGreaterThanOrEqual(6);
    for (const t of builtins) {
      const r = validateTemplate(toDocument(fromTemplate(t)));
      expect(r.ok ? r.template : r.errors, t.slug).toEqual(t);
    }
  });

  it('keeps a half-typed number as text, so the schema reports it at its path', () => {
    const f = emptyForm();
    f.slug = 'demo';
    f.name = 'Demo';
    f.description = 'x';
    f.steps[0]!.run = 'echo hi';
    expect(validateForm(f).all).toEqual([]);
    f.defaults.memory = '12x';
    const issues = validateForm(f);
    expect(issues.all.map((i) => i.path)).toEqual(['defaults.memory']);
    expect(issues.byField.get('defaults.memory')).toEqual(['defaults.memory: must be a number']);
  });

  it('puts step and param issues next to their fields with the document path', () => {
    const f = emptyForm();
    Object.assign(f, { slug: 'demo', name: 'Demo', description: 'x' });
    f.steps = [emptyStep('script', 'one'), emptyStep('packages', 'two'), emptyStep('script', 'three')];
    f.steps[0]!.run = 'true';
    f.steps[1]!.packages = 'nginx Bad_Name';
    f.params = [{ ...emptyParam('enum'), name: 'mode', options: '' }];
    const issues = validateForm(f);
    expect(issues.byField.get('steps.2.run')).toEqual(['steps[2].run: must not be empty']);
    expect(issues.byField.get('steps.1.packages')?.[0]).toMatch(/^steps\[1\]\.packages\[1\]: "Bad_Name" is not a valid Debian package name/);
    expect(issues.byField.get('params.0.options')?.[0]).toMatch(/^params\[0\]\.validation\.options: /);
  });

  it('maps document paths to editor fields', () => {
    const hc = { healthcheck: { ...emptyForm().healthcheck, kind: 'argv' as const } };
    expect(parsePath('steps[2].packages[10]')).toEqual(['steps', 2, 'packages', 10]);
    expect(fieldFor('defaults.network.ipv4.cidr', hc)).toBe('defaults.network.ipv4Cidr');
    expect(fieldFor('params[1].generate.length', hc)).toBe('params.1.genLength');
    expect(fieldFor('healthcheck.command[0]', hc)).toBe('healthcheck.argv');
    expect(fieldFor('healthcheck.http.port', hc)).toBe('healthcheck.port');
    expect(fieldFor('tags[3]', hc)).toBe('tags');
    expect(fieldFor('update[0]', hc)).toBe('update.0.type');
    expect(fieldFor('', hc)).toBe('');
  });
});
