import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES_DIR, loadBuiltinTemplates } from './catalogue';
import { matchOsTemplate } from './os-template';
import { resolveParams } from './params';
import { parseTemplateText, serializeTemplate } from './parse';
import { renderHealthcheck, renderPostInstall, renderSteps } from './render';
import type { Template } from './schema/template';
import { container } from './test-fixtures';

const templates = loadBuiltinTemplates();
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJd0cHZ5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5eXl5 you@laptop';
/** What a user must fill in for each template (everything else has a default or is generated). */
const REQUIRED_INPUT: Record<string, Record<string, string>> = { base: { ssh_public_key: SSH_KEY } };

function render(t: Template, input: Record<string, unknown> = {}) {
  const resolved = resolveParams(t, { ...REQUIRED_INPUT[t.slug], ...input });
  const ctx = { params: resolved.values, container };
  return { resolved, steps: renderSteps(t, ctx), healthcheck: renderHealthcheck(t, ctx), note: renderPostInstall(t, ctx) };
}

describe('built-in catalogue', () => {
  it('holds the six starter templates', () => {
    expect(templates.map((t) => t.slug)).toEqual(['base', 'docker-host', 'nginx-static', 'nodejs-app', 'postgresql', 'redis']);
  });

  it.each(templates.map((t) => [t.slug, t] as const))('%s renders every step, a command healthcheck and a note', (_slug, t) => {
    const { steps, healthcheck, note } = render(t);
    expect(steps.length).toBe(t.steps.length);
    expect(new Set(steps.map((s) => s.key)).size).toBe(steps.length);
    // Command checks work in the simulator, whose containers run no real daemons.
    expect(t.healthcheck?.command).toBeDefined();
    expect(healthcheck?.exec.argv.length).toBeGreaterThan(0);
    expect(note).toMatch(/10\.10\.0\.100|pct enter 123/);
    expect(note).not.toContain('{{');
  });

  it.each(templates.map((t) => [t.slug, t] as const))('%s keeps every secret out of argv (generated or typed)', (_slug, t) => {
    const typed = Object.fromEntries(t.params.filter((p) => p.type === 'secret').map((p) => [p.name, `Typed-${p.name}-Secret-42`]));
    for (const input of [{}, typed]) {
      const { resolved, steps, healthcheck } = render(t, input);
      const argvs = [...steps.map((s) => s.exec.argv), healthcheck?.exec.argv ?? []];
      for (const secret of resolved.secrets) {
        for (const argv of argvs) for (const word of argv) expect(word).not.toContain(secret);
        // ...yet each secret does reach the container, on stdin.
        expect(steps.some((s) => s.exec.stdin?.includes(secret))).toBe(true);
      }
    }
  });

  it('declares the secrets the starter templates need', () => {
    const secrets = Object.fromEntries(templates.map((t) => [t.slug, t.params.filter((p) => p.type === 'secret').map((p) => p.name)]));
    expect(secrets).toMatchObject({ postgresql: ['db_password'], redis: ['password'] });
  });

  it.each(templates.map((t) => [t.slug, t] as const))('%s targets Debian 12 and round-trips through YAML and JSON', (_slug, t) => {
    expect(matchOsTemplate(t.os, ['local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst'])).toBeDefined();
    for (const format of ['yaml', 'json'] as const) {
      expect(parseTemplateText(serializeTemplate(t, format), { format })).toEqual({ ok: true, template: t });
    }
  });

  it('asks for root-only features only where Docker needs them', () => {
    const keyctl = templates.filter((t) => t.defaults.features.keyctl || t.defaults.features.fuse).map((t) => t.slug);
    expect(keyctl).toEqual(['docker-host']);
    expect(templates.every((t) => t.defaults.unprivileged)).toBe(true);
  });

  it('documents a valid example in its README', () => {
    const readme = fs.readFileSync(path.join(BUILTIN_TEMPLATES_DIR, 'README.md'), 'utf8');
    const example = /```yaml\n(apiVersion[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const r = parseTemplateText(example ?? '');
    expect(r.ok && r.template.slug).toBe('hello-web');
  });

  it('validates the base template SSH key', () => {
    const base = templates.find((t) => t.slug === 'base');
    if (!base) throw new Error('base template missing');
    expect(() => resolveParams(base, { ssh_public_key: 'not a key' })).toThrow(/ssh_public_key: must be one OpenSSH public key line/);
    expect(() => resolveParams(base, {})).toThrow(/ssh_public_key: required/);
  });
});

describe('loadBuiltinTemplates', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function catalogueWith(files: Record<string, string>): string {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-catalogue-'));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
  }

  const redis = fs.readFileSync(path.join(BUILTIN_TEMPLATES_DIR, 'redis.yaml'), 'utf8');

  it('throws naming the file and the path of the error', () => {
    const broken = redis.replace(/ {4}run: \|\n/, '    script: |\n');
    expect(() => loadBuiltinTemplates(catalogueWith({ 'redis.yaml': broken }))).toThrow(
      /^redis\.yaml is not a valid template: steps\[2\]\.run: required \(line \d+, column 5\); steps\[2\]\.script: unknown field \(line \d+, column 5\)$/,
    );
  });

  it('refuses two files with the same slug and ignores other files', () => {
    const d = catalogueWith({ 'a.yaml': redis, 'b.yaml': redis, 'README.md': '# not a template' });
    expect(() => loadBuiltinTemplates(d)).toThrow('b.yaml is not a valid template: slug: "redis" is also the slug of a.yaml');
  });

  it('reads JSON templates too', () => {
    const t = templates.find((x) => x.slug === 'redis');
    if (!t) throw new Error('redis template missing');
    expect(loadBuiltinTemplates(catalogueWith({ 'redis.json': serializeTemplate(t, 'json') }))).toEqual([t]);
  });
});
