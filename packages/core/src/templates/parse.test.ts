import { describe, expect, it } from 'vitest';
import { parseTemplateText, serializeTemplate } from './parse';
import { minimalTemplate } from './test-fixtures';
import { assertTemplate } from './validate';

const YAML_HEAD = `apiVersion: kiln/v1
slug: demo
name: Demo
version: 1.0.0
description: A demo
icon: "🔥"
os:
  distribution: debian
  version: 12
`;

function fail(text: string, format?: 'yaml' | 'json') {
  const r = parseTemplateText(text, format ? { format } : {});
  if (r.ok) throw new Error('expected a failure');
  return r.errors;
}

describe('parseTemplateText', () => {
  it('parses YAML, reading an unquoted os version as text', () => {
    const r = parseTemplateText(`${YAML_HEAD}steps:\n  - id: a\n    type: script\n    run: echo hi\n`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.template.os).toEqual({ distribution: 'debian', version: '12', arch: 'amd64' });
  });

  it('locates YAML syntax errors by line and column', () => {
    // The unclosed [ on line 13 is noticed where the next item starts.
    const errors = fail(`${YAML_HEAD}steps:\n  - id: a\n    type: packages\n    packages: [nginx, curl\n  - id: b\n`);
    expect(errors).toEqual([
      {
        path: '',
        line: 14,
        column: 3,
        message: 'YAML syntax error at line 14, column 3: Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
  });

  it('reports duplicate keys and several documents as YAML errors', () => {
    expect(fail(`${YAML_HEAD}name: Again\nsteps: []\n`)[0]?.message).toMatch(/line 10, column 1: Map keys must be unique/);
    expect(fail(`${YAML_HEAD}steps: []\n---\nfoo: 1\n`)[0]?.message).toMatch(/multiple documents/);
  });

  it('gives schema errors their path and the line of the field (or of its parent when missing)', () => {
    const text = `${YAML_HEAD}steps:\n  - id: a\n    type: packages\n    packages: [nginx]\n  - id: b\n    type: file\n    path: /x\n    content: ""\n  - id: c\n    type: script\n    timeout: 0\n`;
    expect(fail(text)).toEqual([
      { path: 'steps[2].run', message: 'required', line: 18, column: 5 },
      { path: 'steps[2].timeout', message: 'must be at least 1', line: 20, column: 5 },
    ]);
  });

  it('sorts problems in source order', () => {
    const text = `${YAML_HEAD}steps:\n  - id: A\n    type: script\n    run: x\nhealthcheck:\n  command: 5\n`.replace('slug: demo', 'slug: Demo');
    expect(fail(text).map((e) => [e.path, e.line])).toEqual([
      ['slug', 2],
      ['steps[0].id', 11],
      ['healthcheck.command', 15],
    ]);
  });

  it('locates JSON syntax errors, even those Node reports without a position', () => {
    expect(fail('{\n  "apiVersion": "kiln/v1",\n  "slug": }\n')[0]).toMatchObject({
      line: 3,
      column: 11,
      message: 'JSON syntax error at line 3, column 11: expected a value but found "}"',
    });
    expect(fail('{"a": 1,}')[0]?.message).toBe('JSON syntax error at line 1, column 9: expected a property name in double quotes but found "}"');
    expect(fail('{"a": "x\ny"}')[0]?.message).toMatch(/line 1, column 9: control characters/);
    expect(fail('{"a": 1} x')[0]?.message).toMatch(/line 1, column 10: expected the end of the text/);
  });

  it('detects JSON and locates its schema errors too', () => {
    const json = JSON.stringify({ ...minimalTemplate(), steps: [{ id: 'a', type: 'script' }] }, null, 2);
    expect(fail(json)).toEqual([{ path: 'steps[0].run', message: 'required', line: 13, column: 5 }]);
  });

  it('refuses empty and oversized files, counting bytes', () => {
    expect(fail('')[0]?.message).toBe('the file is empty');
    expect(fail(`# ${'x'.repeat(600 * 1024)}`)[0]?.message).toBe('the file is larger than 512 KiB: a template file may be at most 512 KiB');
    // 300 Ki characters of 2 bytes each: small in characters, 600 KiB on disk.
    expect(fail(`# ${'é'.repeat(300 * 1024)}`)[0]?.message).toBe('the file is 601 KiB: a template file may be at most 512 KiB');
  });

  it('refuses a YAML bomb as a validation error at the alias that goes over the limit', () => {
    const lol = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [prev, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
      ['g', 'h'],
      ['h', 'i'],
    ]) {
      lol.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const errors = fail(`${lol.join('\n')}\n`);
    // a is 10 nodes, b 91, c 820, d 7381: aliases add 8262 by line 4, and the first *d on line 5
    // crosses the 10 000 limit.
    expect(errors).toEqual([{ path: '', message: 'YAML aliases expand to too many nodes (limit 10000): refused at *d', line: 5, column: 8 }]);
  });

  it('still reads a template that reuses a block through an alias', () => {
    const text = `${YAML_HEAD}steps:\n  - &hello\n    id: a\n    type: script\n    run: echo hi\n  - { id: b, type: script, run: *run }\nhealthcheck:\n  command: &run echo ok\n`;
    // *run comes before &run: refused by name, with its position.
    expect(fail(text)).toEqual([{ path: '', message: 'the alias *run has no anchor &run before it', line: 15, column: 33 }]);
    const ok = parseTemplateText(`${YAML_HEAD}x-run: &run echo hi\nsteps:\n  - { id: a, type: script, run: *run }\n  - { id: b, type: script, run: *run }\n`);
    expect(ok.ok ? 'ok' : ok.errors).toEqual([{ path: 'x-run', message: 'unknown field', line: 10, column: 1 }]);
  });

  it('refuses an alias inside the node it names (a cycle)', () => {
    expect(fail(`${YAML_HEAD}steps: &s [*s]\n`)).toEqual([{ path: '', message: 'the alias *s is inside the node it refers to', line: 10, column: 12 }]);
  });

  it('rejects a pattern RE2 cannot run at its exact path, and answers a catastrophic one at once', () => {
    const params = (p: string, extra = '') => `${YAML_HEAD}params:\n  - name: word\n    type: string\n${extra}    validation:\n      pattern: '${p}'\nsteps:\n  - { id: a, type: script, run: echo }\n`;
    expect(fail(params('(a)\\1'))).toEqual([
      { path: 'params[0].validation.pattern', message: 'backreferences (\\1) are not supported (patterns use RE2 syntax, which runs in linear time)', line: 14, column: 7 },
    ]);
    expect(fail(params('x(?=y)'))[0]).toMatchObject({ path: 'params[0].validation.pattern', message: expect.stringMatching(/^lookahead/) });
    // The default is checked against the pattern when the template is read: on the web server.
    expect(fail(params('(a+)+b', `    default: ${'a'.repeat(32)}\n`))).toEqual([{ path: 'params[0].default', message: 'has an invalid format', line: 13, column: 5 }]);
  });
});

describe('serializeTemplate', () => {
  const rich = assertTemplate(
    minimalTemplate({
      params: [
        { name: 'title', type: 'string', default: 'Hi: "there"', validation: { max: 50 } },
        { name: 'pw', type: 'secret' },
        { name: 'port', type: 'port', default: 8080 },
      ],
      defaults: { network: { ipv4: { cidr: '10.0.0.5/24', gateway: '10.0.0.1' }, vlan: 20 }, dns: { nameservers: ['1.1.1.1'] } },
      steps: [
        { id: 'write', type: 'file', path: '/etc/app.conf', content: 'pw={{ params.pw }}\n  indented\n\ttab\n', mode: '0600' },
        { id: 'run', type: 'script', run: '#!/bin/bash\necho "{{ params.title | shell }}"\n\n\n', shell: 'sh' },
      ],
      healthcheck: { http: { port: '{{ params.port }}', path: '/health' } },
      postInstall: 'Open http://{{ container.ip }}:{{ params.port }}/',
    } as never),
  );

  for (const format of ['yaml', 'json'] as const) {
    it(`round-trips through ${format}`, () => {
      const text = serializeTemplate(rich, format);
      const back = parseTemplateText(text, { format });
      expect(back).toEqual({ ok: true, template: rich });
    });
  }

  it('writes YAML with scripts as literal blocks and modes quoted', () => {
    const text = serializeTemplate(rich, 'yaml');
    expect(text.startsWith('apiVersion: kiln/v1\n')).toBe(true);
    expect(text).toContain('mode: "0600"');
    expect(text).toMatch(/run: \|/);
  });
});
