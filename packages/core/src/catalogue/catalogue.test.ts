import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderHealthcheck, renderPostInstall, renderSteps, resolveParams, type Template } from '../templates';
import { container } from '../templates/test-fixtures';
import { assignedValue, interactiveProblem, parseCtScript } from './helper-scripts';
import { escapeBraces, helperAppTemplate } from './helper-template';
import { parseAppMetadata } from './metadata';
import { catalogueEntries, type CatalogueEntry, type SourceTree } from './tree';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../tests/fixtures/helper-scripts');

function dirTree(root: string): SourceTree {
  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else paths.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return { paths: paths.sort(), read: (p) => (paths.includes(p) ? fs.readFileSync(path.join(root, p), 'utf8') : undefined) };
}

function memTree(files: Record<string, string>): SourceTree {
  return { paths: Object.keys(files).sort(), read: (p) => files[p] };
}

const byPath = (entries: CatalogueEntry[], p: string) => entries.find((e) => e.path === p);

function templateOf(entry: CatalogueEntry | undefined): Template {
  if (entry?.status !== 'template') throw new Error(`expected a template, got ${JSON.stringify(entry)}`);
  return entry.template;
}

describe('ct/<app>.sh, read without running it', () => {
  it('takes the ${var:-default} default, a quoted literal or a bare word', () => {
    expect(assignedValue('"${var_cpu:-2}"')).toBe('2');
    expect(assignedValue("'Uptime Kuma'")).toBe('Uptime Kuma');
    expect(assignedValue('4 # GiB')).toBe('4');
    expect(assignedValue('"${var_tags:-analytics;monitoring}"')).toBe('analytics;monitoring');
  });

  it('leaves values computed at run time unknown', () => {
    expect(assignedValue('"$(nproc)"')).toBeUndefined();
    expect(assignedValue('"${OTHER}"')).toBeUndefined();
    expect(assignedValue('`id -u`')).toBeUndefined();
  });

  it('reads APP, the var_* defaults and NSAPP (which names the install script)', () => {
    const r = parseCtScript(
      ['APP="Uptime Kuma"', 'var_cpu="${var_cpu:-1}"', 'var_ram="${var_ram:-1024}"', 'var_os="${var_os:-debian}"', 'var_version="${var_version:-13}"', 'var_arm64="${var_arm64:-yes}"'].join('\n'),
    );
    expect(r).toEqual({ ok: true, script: { app: 'Uptime Kuma', nsapp: 'uptimekuma', vars: { cpu: '1', ram: '1024', os: 'debian', version: '13', arm64: 'yes' } } });
  });

  it('says why a script without APP is not an app', () => {
    const r = parseCtScript('var_cpu=1\nstart\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/no APP=/);
  });
});

describe('prompts', () => {
  it('finds read -p / -rp and dialogs, with the line', () => {
    expect(interactiveProblem('echo hi\nread -r -p "Continue? " yn\n')).toMatch(/read -p \(line 2\)/);
    expect(interactiveProblem('if whiptail --yesno "Sure?" 8 40; then :; fi')).toMatch(/whiptail dialog/);
  });

  it('accepts reads that cannot hang: a timeout, a fallback, a file or a pipe', () => {
    expect(interactiveProblem('read -t 10 -r -p "Continue? " yn')).toBeUndefined();
    expect(interactiveProblem('read -r -p "Continue? " yn || yn=n')).toBeUndefined();
    expect(interactiveProblem('while read -r line; do echo "$line"; done < /etc/hosts')).toBeUndefined();
    expect(interactiveProblem('# read -p "commented out" x')).toBeUndefined();
  });
});

describe('helper-scripts app -> template', () => {
  const entries = catalogueEntries('helper-scripts', dirTree(FIXTURE));

  it('turns a service app into a valid template with its defaults, tags and OS', () => {
    const t = templateOf(byPath(entries, 'ct/hello-web.sh'));
    expect(t.slug).toBe('hello-web');
    expect(t.name).toBe('Hello Web');
    expect(t.os).toMatchObject({ distribution: 'debian', version: '12' });
    expect(t.defaults).toMatchObject({ cores: 1, memory: 256, disk: 2, unprivileged: true, features: { nesting: true, keyctl: true } });
    expect(t.tags).toEqual(['web', 'demo', 'helper-scripts']);
    expect(t.description).toMatch(/tiny static web server/);
  });

  it('runs the install script with build.func environment, no terminal, and the flag file as failure signal', () => {
    const t = templateOf(byPath(entries, 'ct/hello-web.sh'));
    const steps = renderSteps(t, { params: resolveParams(t, {}).values, container });
    expect(steps.map((s) => s.id)).toEqual(['base-packages', 'install-functions', 'install-script', 'install']);
    const script = steps.find((s) => s.id === 'install-script')?.exec.stdin ?? '';
    // Upstream text reaches the container byte for byte, {{ included.
    expect(script).toBe(fs.readFileSync(path.join(FIXTURE, 'install/helloweb-install.sh'), 'utf8'));
    const install = steps.find((s) => s.id === 'install')?.exec.stdin ?? '';
    expect(install).toContain('export FUNCTIONS_FILE_PATH="$(cat /opt/kiln/catalogue/install.func)"');
    expect(install).toContain("export tz='UTC'");
    expect(install).toContain("export APPLICATION='Hello Web' app='helloweb'");
    expect(install).toContain('export SESSION_ID="kiln123"');
    expect(install).toContain('VERBOSE=yes');
    expect(install).toContain("bash '/opt/kiln/catalogue/helloweb-install.sh' </dev/null");
    expect(install).toContain('flag="/root/.install-${SESSION_ID}.failed"');
  });

  it('checks the interface port and tells the URL and default credentials', () => {
    const t = templateOf(byPath(entries, 'ct/hello-web.sh'));
    expect(renderHealthcheck(t, { params: { timezone: 'UTC' }, container })?.exec.argv).toContain(`exec 3<>/dev/tcp/${container.ip}/8080`);
    const note = renderPostInstall(t, { params: { timezone: 'UTC' }, container }) ?? '';
    expect(note).toContain('http://10.10.0.100:8080/');
    expect(note).toContain('admin / hello');
    expect(note).toContain('Change the default page');
  });

  it("reads plain assignments too (var_ram='256', var_disk=2 # GiB)", () => {
    expect(templateOf(byPath(entries, 'ct/half-way.sh')).defaults).toMatchObject({ memory: 256, disk: 2, cores: 1 });
  });

  it('gives an Alpine app the Alpine functions and an apk step', () => {
    const entry = byPath(entries, 'ct/alpine-note.sh');
    const t = templateOf(entry);
    expect(t.os).toMatchObject({ distribution: 'alpine', version: '3.22' });
    expect(t.steps[0]).toMatchObject({ type: 'script', shell: 'sh' });
    expect(entry?.status === 'template' && entry.files).toContain('misc/alpine-install.func');
    expect(t.healthcheck).toBeUndefined();
  });

  it('lists a prompting app and a VM as not deployable, with the reason', () => {
    expect(byPath(entries, 'ct/asker.sh')).toMatchObject({ status: 'not-deployable', name: 'Asker', reason: expect.stringMatching(/read -p \(line 9\)/) });
    expect(byPath(entries, 'vm/tiny-vm.sh')).toMatchObject({ status: 'not-deployable', reason: expect.stringMatching(/virtual machine/) });
  });

  it('keeps what the app page of a not deployable app shows: its defaults, tags and the files to read', () => {
    expect(byPath(entries, 'ct/asker.sh')).toMatchObject({
      listing: {
        slug: 'asker',
        name: 'Asker',
        tags: ['demo', 'helper-scripts'],
        facts: { os: 'debian', osVersion: '12', cores: 1, memory: 256, disk: 2, notes: [] },
        files: ['ct/asker.sh', 'install/asker-install.sh'],
      },
    });
    expect(byPath(entries, 'vm/tiny-vm.sh')).toMatchObject({ name: 'Tiny VM', listing: { slug: 'tiny-vm', name: 'Tiny VM', files: ['vm/tiny-vm.sh'] } });
  });

  it('reports a malformed script on its own entry; the others still become templates', () => {
    expect(byPath(entries, 'ct/broken.sh')).toMatchObject({ status: 'error', message: expect.stringMatching(/no APP=/) });
    expect(entries.filter((e) => e.status === 'template').map((e) => e.path)).toEqual(['ct/alpine-note.sh', 'ct/half-way.sh', 'ct/hello-web.sh']);
  });

  it('names the files a template came from (their content is its provenance hash)', () => {
    const entry = byPath(entries, 'ct/hello-web.sh');
    expect(entry?.status === 'template' && entry.files).toEqual(['ct/hello-web.sh', 'install/helloweb-install.sh', 'misc/install.func', 'frontend/public/json/hello-web.json']);
  });

  it('reports a missing install script, GPU apps and unknown OSes', () => {
    const funcs = '# functions';
    const r = catalogueEntries(
      'helper-scripts',
      memTree({
        'misc/install.func': funcs,
        'ct/lost.sh': 'APP="Lost"',
        'ct/gpu.sh': 'APP="Gpu"\nvar_gpu="${var_gpu:-yes}"',
        'install/gpu-install.sh': 'echo',
        'ct/bsd.sh': 'APP="Bsd"\nvar_os="freebsd"',
        'install/bsd-install.sh': 'echo',
      }),
    );
    expect(byPath(r, 'ct/lost.sh')).toMatchObject({ status: 'error', message: 'install/lost-install.sh is missing (APP="Lost")' });
    expect(byPath(r, 'ct/gpu.sh')).toMatchObject({ status: 'not-deployable', reason: expect.stringMatching(/GPU passthrough/) });
    expect(byPath(r, 'ct/bsd.sh')).toMatchObject({ status: 'not-deployable', reason: expect.stringMatching(/var_os="freebsd"/) });
  });

  it('reports malformed metadata for that app', () => {
    const r = catalogueEntries('helper-scripts', memTree({ 'misc/install.func': '#', 'ct/a.sh': 'APP="A"', 'install/a-install.sh': 'echo', 'frontend/public/json/a.json': '{ nope' }));
    expect(byPath(r, 'ct/a.sh')).toMatchObject({ status: 'error', message: expect.stringMatching(/^frontend\/public\/json\/a.json: not valid JSON/) });
  });

  it('escapes {{ so interpolation gives the text back', () => {
    expect(escapeBraces("docker ps --format '{{.Names}}' \\{{x")).toBe("docker ps --format '\\{{.Names}}' \\\\{{x");
    const r = helperAppTemplate({
      ct: { app: 'A', nsapp: 'a', vars: {} },
      ctPath: 'ct/a.sh',
      installText: "docker ps --format '{{.Names}}' \\{{x",
      functionsText: '#',
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(renderSteps(r.template, { params: { timezone: 'UTC' }, container }).find((s) => s.id === 'install-script')?.exec.stdin).toBe("docker ps --format '{{.Names}}' \\{{x");
  });
});

describe('metadata', () => {
  it('keeps what it can use and drops fields of the wrong type', () => {
    const r = parseAppMetadata(
      JSON.stringify({ name: 'X', interface_port: 'eighty', type: 'ct', notes: ['a', { text: 'b', type: 'warning' }], default_credentials: { username: null, password: null } }),
    );
    expect(r).toEqual({
      ok: true,
      metadata: { name: 'X', type: 'ct', interfacePort: undefined, notes: ['a', 'b'], description: undefined, website: undefined, username: undefined, password: undefined },
    });
  });

  it('lists a non-ct type as not deployable', () => {
    const r = catalogueEntries('helper-scripts', memTree({ 'misc/install.func': '#', 'ct/a.sh': 'APP="A"', 'install/a-install.sh': 'echo', 'frontend/public/json/a.json': '{"type":"addon"}' }));
    expect(byPath(r, 'ct/a.sh')).toMatchObject({ status: 'not-deployable', reason: expect.stringMatching(/type "addon"/) });
  });
});

describe('kiln/v1 sources', () => {
  it('validates each file like an import, with its paths, and skips hidden folders', () => {
    const good =
      'apiVersion: kiln/v1\nslug: hi\nname: Hi\nversion: 1.0.0\ndescription: d\nicon: server\nos: { distribution: debian, version: "12" }\nsteps:\n  - { id: hi, type: script, run: echo hi }\n';
    const bad = good.replace('  - { id: hi, type: script, run: echo hi }\n', '  - { id: hi, type: script }\n');
    const r = catalogueEntries('kiln', memTree({ 'apps/hi.yaml': good, 'apps/bad.yml': bad, '.github/workflow.yml': 'x: [', 'README.md': '# x' }));
    expect(r.map((e) => [e.path, e.status])).toEqual([
      ['apps/bad.yml', 'error'],
      ['apps/hi.yaml', 'template'],
    ]);
    expect(byPath(r, 'apps/bad.yml')).toMatchObject({ message: expect.stringMatching(/^steps\[0\]\.run: required/) });
  });
});
