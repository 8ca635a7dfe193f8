import { describe, expect, it } from 'vitest';
import { HTTP_CHECK, SERVICE, WRITE_FILE } from './commands';
import { RenderError } from './errors';
import { renderHealthcheck, renderPostInstall, renderSteps } from './render';
import { ctxWith, minimalTemplate } from './test-fixtures';
import { assertTemplate } from './validate';

const SECRET = 'Sup3r-S3cret-Value';

const template = assertTemplate(
  minimalTemplate({
    params: [
      { name: 'title', type: 'string', default: 'Hi' },
      { name: 'extra', type: 'string', default: 'curl' },
      { name: 'port', type: 'port', default: 8080 },
      { name: 'password', type: 'secret' },
    ],
    steps: [
      { id: 'base', type: 'packages', packages: ['nginx', '{{ params.extra }}'] },
      { id: 'config', type: 'file', path: '/etc/app/{{ container.hostname }}.conf', content: 'pw={{ params.password }}\n', mode: '0640', owner: 'www-data:www-data' },
      { id: 'more', type: 'packages', packages: ['jq'], title: 'More tools' },
      { id: 'setup', type: 'script', run: 'echo {{ params.title | shell }} {{ params.password | shell }}' },
      { id: 'legacy', type: 'script', shell: 'sh', run: 'echo hi', timeout: 30, retry: true },
      { id: 'web', type: 'service', name: 'nginx', restart: true },
      { id: 'old', type: 'service', name: 'apache2', enable: false, start: false },
    ],
    update: [{ id: 'refresh', type: 'packages', packages: ['nginx'] }],
    healthcheck: { http: { port: '{{ params.port }}', path: '/health' }, interval: 3, retries: 4, timeout: 7 },
    postInstall: 'Open http://{{ container.ip }}:{{ params.port }}/',
  } as never),
);
const ctx = ctxWith({ title: "Tom's site", extra: 'curl', port: 8080, password: SECRET });

describe('renderSteps', () => {
  const steps = renderSteps(template, ctx);

  it('gives each step its key, title, timeout and retry flag', () => {
    expect(steps.map((s) => [s.key, s.type, s.title, s.timeoutMs, s.retry])).toEqual([
      ['step:base', 'packages', 'Install nginx, curl', 1_800_000, true],
      ['step:config', 'file', 'Write /etc/app/web-01.conf', 60_000, true],
      ['step:more', 'packages', 'More tools', 1_800_000, true],
      ['step:setup', 'script', 'Run setup', 600_000, false],
      ['step:legacy', 'script', 'Run legacy', 30_000, true],
      ['step:web', 'service', 'Enable and restart nginx', 120_000, true],
      ['step:old', 'service', 'Disable and stop apache2', 120_000, true],
    ]);
  });

  it('runs apt-get update once, in the first packages step, with names as separate words', () => {
    const [first, , second] = steps;
    expect(first?.exec.argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(first?.exec.argv[2]).toContain('apt-get -q -o DPkg::Lock::Timeout=300');
    expect(first?.exec.argv[2]).toMatch(/ update <\/dev\/null\napt-get -q -y --no-install-recommends .* install "\$@" <\/dev\/null$/);
    expect(first?.exec.argv.slice(3)).toEqual(['kiln-packages', 'nginx', 'curl']);
    expect(second?.exec.argv[2]).not.toContain(' update ');
    expect(second?.exec.argv.slice(3)).toEqual(['kiln-packages', 'jq']);
    expect(first?.exec.stdin).toBeUndefined();
  });

  it('writes files through stdin with path, mode and owner as arguments', () => {
    expect(steps[1]?.exec).toEqual({
      argv: ['sh', '-c', WRITE_FILE, 'kiln-write-file', '/etc/app/web-01.conf', '0640', 'www-data:www-data'],
      stdin: `pw=${SECRET}\n`,
    });
  });

  it('feeds scripts on stdin to bash (pipefail) or sh', () => {
    const setup = steps[3]?.exec;
    expect(setup?.argv).toEqual(['bash', '--norc', '-c', expect.stringMatching(/^set -euo pipefail; .*eval "\$__kiln_script"$/), 'kiln-step-setup']);
    expect(setup?.stdin).toBe(`echo 'Tom'\\''s site' '${SECRET}'`);
    expect(steps[4]?.exec.argv).toEqual(['sh', '-c', expect.stringMatching(/^set -eu; /), 'kiln-step-legacy']);
  });

  it('drives services with systemctl verbs as arguments', () => {
    expect(steps[5]?.exec.argv).toEqual(['sh', '-c', SERVICE, 'kiln-service', 'nginx', 'enable', 'restart']);
    expect(steps[6]?.exec.argv).toEqual(['sh', '-c', SERVICE, 'kiln-service', 'apache2', 'disable', 'stop']);
  });

  it('never puts the secret in an argv', () => {
    for (const s of steps) for (const word of s.exec.argv) expect(word).not.toContain(SECRET);
  });

  it('renders the update phase with update: keys', () => {
    const update = renderSteps(template, ctx, { phase: 'update' });
    expect(update.map((s) => s.key)).toEqual(['update:refresh']);
    expect(update[0]?.exec.argv[2]).toContain(' update ');
  });

  it('checks values that only become known when rendered', () => {
    expect(() => renderSteps(template, ctxWith({ ...ctx.params, extra: 'curl wget' }))).toThrow(RenderError);
    expect(() => renderSteps(template, ctxWith({ ...ctx.params, extra: 'curl wget' }))).toThrow('steps[0].packages[1]: "curl wget" is not a valid Debian package name');
    const t = assertTemplate(minimalTemplate({ params: [{ name: 'dir', type: 'string', default: 'x' }], steps: [{ id: 'f', type: 'file', path: '/srv/{{ params.dir }}/f', content: '' }] } as never));
    expect(() => renderSteps(t, ctxWith({ dir: '../../etc' }))).toThrow('steps[0].path: "/srv/../../etc/f" must not contain . or .. segments');
  });

  it('refuses to render a secret into an argv even if the schema were bypassed', () => {
    const bypass = { ...template, steps: [{ ...template.steps[0], packages: ['{{ params.password }}'] }] } as typeof template;
    expect(() => renderSteps(bypass, ctx)).toThrow('steps[0].packages[0]: Unknown variable: {{ params.password }}');
  });
});

describe('renderHealthcheck', () => {
  it('runs an HTTP check from inside the container with port, path and timeout as arguments', () => {
    expect(renderHealthcheck(template, ctx)).toEqual({
      key: 'healthcheck',
      title: 'HTTP check on port 8080/health',
      exec: { argv: ['bash', '--norc', '-c', HTTP_CHECK, 'kiln-healthcheck', '8080', '/health', '7'] },
      intervalMs: 3000,
      retries: 4,
      timeoutMs: 7000,
    });
  });

  it('runs argv commands as they are and shell commands on stdin', () => {
    const argv = assertTemplate(minimalTemplate({ healthcheck: { command: ['systemctl', 'is-active', '--quiet', 'nginx'] } }));
    expect(renderHealthcheck(argv, ctxWith({}))?.exec).toEqual({ argv: ['systemctl', 'is-active', '--quiet', 'nginx'] });
    const shell = assertTemplate(minimalTemplate({ healthcheck: { command: 'systemctl is-active --quiet nginx && test -f /srv/ok' } }));
    const exec = renderHealthcheck(shell, ctxWith({}))?.exec;
    expect(exec?.argv).toEqual(['sh', '-c', expect.stringContaining('eval'), 'kiln-healthcheck']);
    expect(exec?.stdin).toBe('systemctl is-active --quiet nginx && test -f /srv/ok');
    expect(renderHealthcheck(assertTemplate(minimalTemplate()), ctxWith({}))).toBeUndefined();
  });

  it('refuses a templated port that is not a port', () => {
    const t = assertTemplate(minimalTemplate({ params: [{ name: 'p', type: 'string', default: 'x' }], healthcheck: { http: { port: '{{ params.p }}' } } } as never));
    expect(() => renderHealthcheck(t, ctxWith({ p: 'eighty' }))).toThrow('healthcheck.http.port: "eighty" is not a port number');
  });
});

describe('renderPostInstall', () => {
  it('fills the note with the container address', () => {
    expect(renderPostInstall(template, ctx)).toBe('Open http://10.10.0.100:8080/');
  });
});
