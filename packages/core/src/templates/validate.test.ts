import { describe, expect, it } from 'vitest';
import { minimalTemplate } from './test-fixtures';
import { assertTemplate, validateTemplate } from './validate';

function errorsOf(data: unknown): string[] {
  const r = validateTemplate(data);
  if (r.ok) throw new Error('expected the template to be invalid');
  return r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('validateTemplate: shape errors with exact paths', () => {
  it('accepts a minimal template and fills the defaults', () => {
    const r = validateTemplate(minimalTemplate());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.template.defaults).toMatchObject({
      cores: 1,
      memory: 512,
      unprivileged: true,
      features: { nesting: true, keyctl: false, fuse: false },
      network: { bridge: 'vmbr0', ipv4: 'dhcp', ipv6: 'none', firewall: true },
    });
    expect(r.template.steps[0]).toMatchObject({ shell: 'bash', timeout: 600, retry: false });
  });

  it('reports a missing run in steps[2] as steps[2].run: required', () => {
    const steps = [
      { id: 'a', type: 'packages', packages: ['nginx'] },
      { id: 'b', type: 'file', path: '/etc/x', content: '' },
      { id: 'c', type: 'script' },
    ];
    expect(errorsOf(minimalTemplate({ steps } as never))).toEqual(['steps[2].run: required']);
  });

  it('names unknown fields, bad step types and wrong types', () => {
    const steps = [{ id: 'a', type: 'script', run: 'x', timout: 5 }, { id: 'b' }, { id: 'c', type: 'shell', run: 'x' }, { id: 'd', type: 'packages', packages: [] }];
    expect(errorsOf(minimalTemplate({ steps, defaults: { cores: 'two' } } as never))).toEqual([
      'defaults.cores: must be a number',
      'steps[0].timout: unknown field',
      'steps[1].type: required: one of script, packages, file, service',
      'steps[2].type: must be one of script, packages, file, service',
      'steps[3].packages: must list at least one package',
    ]);
  });

  it('checks the header fields', () => {
    const errors = errorsOf({ ...minimalTemplate(), apiVersion: 'kiln/v2', slug: 'Not A Slug', version: '1.0', icon: 'two words' });
    expect(errors).toEqual([
      'apiVersion: must be kiln/v1',
      'slug: must be kebab-case: lowercase letters, digits and single dashes (e.g. nginx-static)',
      'version: must be a semantic version like 1.0.0',
      'icon: must be a short emoji or an icon key like database',
    ]);
  });

  it('points into the matching branch of a union (static IPv4) instead of at the union', () => {
    const defaults = { network: { ipv4: { cidr: '10.0.0.5', gateway: '10.0.0.1' }, ipv6: 'static' } };
    expect(errorsOf(minimalTemplate({ defaults } as never))).toEqual([
      'defaults.network.ipv4.cidr: must be an IPv4 address with a prefix, like 192.168.1.50/24',
      'defaults.network.ipv6: must be auto, dhcp, none or a static address { cidr: fd00::50/64, gateway: fd00::1 }',
    ]);
  });

  it('reads file modes written as YAML numbers digit by digit', () => {
    const t = assertTemplate(minimalTemplate({ steps: [{ id: 'f', type: 'file', path: '/etc/x', content: 'x', mode: 640 }] } as never));
    expect(t.steps[0]).toMatchObject({ mode: '0640', owner: 'root:root', retry: true });
    expect(errorsOf(minimalTemplate({ steps: [{ id: 'f', type: 'file', path: '/etc/x', content: 'x', mode: 'rw-r--r--' }] } as never))).toEqual(['steps[0].mode: must be an octal mode like "0644"']);
  });

  it('requires exactly one of command or http in a healthcheck', () => {
    expect(errorsOf(minimalTemplate({ healthcheck: {} } as never))).toEqual(['healthcheck: set exactly one of command or http']);
    expect(errorsOf(minimalTemplate({ healthcheck: { command: ['true'], http: { port: 80 } } } as never))).toEqual(['healthcheck: set exactly one of command or http']);
  });
});

describe('validateTemplate: cross-field checks', () => {
  const secret = { name: 'db_password', type: 'secret' };

  it('rejects secrets wherever they would reach an argv or the screen', () => {
    const t = minimalTemplate({
      params: [secret],
      steps: [
        { id: 'p', type: 'packages', packages: ['{{ params.db_password }}'] },
        { id: 's', type: 'service', name: 'x{{ params.db_password }}' },
        { id: 'f', type: 'file', path: '/etc/{{ params.db_password }}', content: 'ok {{ params.db_password }}', mode: '0600' },
        { id: 'r', type: 'script', run: 'echo {{ params.db_password | shell }}' },
      ],
      healthcheck: { command: ['check', '{{ params.db_password }}'] },
      postInstall: 'Password: {{ params.db_password }}',
    } as never);
    const why = "the secret {{ params.db_password }} cannot be used here: secrets may only appear in a script's run or a file's content";
    expect(errorsOf(t)).toEqual([`steps[0].packages[0]: ${why}`, `steps[1].name: ${why}`, `steps[2].path: ${why}`, `healthcheck.command[1]: ${why}`, `postInstall: ${why}`]);
  });

  it('refuses a world-readable file that holds a secret', () => {
    const t = minimalTemplate({ params: [secret], steps: [{ id: 'f', type: 'file', path: '/etc/app.env', content: 'PW={{ params.db_password }}' }] } as never);
    expect(errorsOf(t)).toEqual(['steps[0].mode: 0644 lets every user read this file, which holds a secret: use 0600 or 0640']);
  });

  it('names unknown variables with a suggestion, bad filters and unclosed braces', () => {
    const t = minimalTemplate({
      params: [{ name: 'site_title', type: 'string', default: 'x' }],
      steps: [{ id: 'a', type: 'script', run: 'echo {{ params.site_tittle }} {{ container.address }} {{ params.site_title | upper }} {{ oops' }],
    } as never);
    expect(errorsOf(t)).toEqual([
      'steps[0].run: unknown filter "upper" in {{ params.site_title | upper }}; filters are shell, sql, html, json, url',
      'steps[0].run: "{{" is never closed with "}}" (write \\{{ for a literal {{)',
      'steps[0].run: unknown variable {{ params.site_tittle }} (did you mean {{ params.site_title }}?)',
      'steps[0].run: unknown variable {{ container.address }}',
    ]);
  });

  it('checks literal package names, unit names and paths before anything runs', () => {
    const t = minimalTemplate({
      steps: [
        { id: 'p', type: 'packages', packages: ['nginx', 'Bad Name', '-o=evil'] },
        { id: 's', type: 'service', name: '--now' },
        { id: 'f', type: 'file', path: 'etc/x', content: '' },
        { id: 'g', type: 'file', path: '/etc/../x', content: '' },
      ],
    } as never);
    expect(errorsOf(t)).toEqual([
      'steps[0].packages[1]: "Bad Name" is not a valid Debian package name',
      'steps[0].packages[2]: "-o=evil" is not a valid Debian package name',
      'steps[1].name: "--now" is not a valid systemd unit name',
      'steps[2].path: must be an absolute path (starting with /)',
      'steps[3].path: must not contain . or .. segments',
    ]);
  });

  it('finds duplicate ids and names, and defaults that fail their own validation', () => {
    const t = minimalTemplate({
      params: [
        { name: 'port', type: 'port', default: 8080, validation: { min: 1024, max: 2000 } },
        { name: 'port', type: 'string', default: 'toolong', validation: { max: 3 } },
        { name: 'mode', type: 'enum', default: 'c', validation: { options: ['a', 'b'] } },
        { name: 'pw', type: 'secret', default: 'hunter2hunter2' },
      ],
      steps: [
        { id: 'a', type: 'script', run: 'x' },
        { id: 'a', type: 'script', run: 'y' },
      ],
    } as never);
    expect(errorsOf(t)).toEqual(['params[3].default: a secret cannot have a default: leave it empty and it is generated']);
    const withoutSecretDefault = { ...t, params: (t.params ?? []).slice(0, 3) };
    expect(errorsOf(withoutSecretDefault)).toEqual([
      'params[0].default: must be at most 2000',
      'params[1].name: duplicate parameter name "port"',
      'params[1].default: must be at most 3 characters',
      'params[2].default: must be one of a, b',
      'steps[1].id: duplicate step id "a"',
    ]);
  });

  it('keeps \\{{ as a literal and does not treat it as a variable', () => {
    const t = minimalTemplate({ steps: [{ id: 'a', type: 'script', run: "docker ps --format '\\{{.Names}}'" }] });
    expect(validateTemplate(t).ok).toBe(true);
  });
});
