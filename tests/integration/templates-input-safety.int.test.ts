// Hostile template input against the built web app: a regex built to backtrack, a YAML bomb,
// an oversized file. Each must come back as a validation answer, promptly, never INTERNAL.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb } from '@kiln/db';
import { closePveClients } from '@kiln/services';
import { creationRequest } from '../helpers/provisioning';
import { addSimNodeOverHttp, startTestSim, type Simulator } from '../helpers/sim';
import { importOk, signedIn, uniqueSlug, type ImportData } from './templates-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSim({ seed: 0 });
});

afterAll(async () => {
  await closePveClients();
  await sim?.close();
  await closeDb();
});

function withParam(slug: string, param: string): string {
  return `apiVersion: kiln/v1
slug: ${slug}
name: Hostile
version: 1.0.0
description: A template with a hostile param.
icon: "🧨"
os: { distribution: debian, version: "12" }
params:
${param}
steps:
  - id: hello
    type: script
    run: echo {{ params.word | shell }}
`;
}

describe('template patterns run in linear time', () => {
  it('rejects a pattern RE2 cannot run, at its path and line', async () => {
    const { web } = await signedIn(webUrl);
    const r = await web.action<ImportData>('importTemplateAction', { text: withParam(uniqueSlug(), `  - name: word\n    type: string\n    validation:\n      pattern: '(a)\\1'`) });
    expect(r.serverError).toBeUndefined();
    expect(r.data).toEqual({
      ok: false,
      errors: [{ path: 'params[0].validation.pattern', message: 'backreferences (\\1) are not supported (patterns use RE2 syntax, which runs in linear time)', line: 12, column: 7 }],
    });
  });

  it('answers (a+)+b against 32 and 10 000 characters at once, at import and in the wizard', async () => {
    const { web } = await signedIn(webUrl);
    // At import the default is checked against the pattern, on the web server's thread.
    const withDefault = await web.action<ImportData>('importTemplateAction', {
      text: withParam(uniqueSlug(), `  - name: word\n    type: string\n    default: ${'a'.repeat(32)}\n    validation:\n      pattern: '(a+)+b'`),
    });
    expect(withDefault.data).toMatchObject({ ok: false, errors: [{ path: 'params[0].default', message: 'has an invalid format' }] });

    const id = await importOk(web, withParam(uniqueSlug(), `  - name: word\n    type: string\n    validation:\n      pattern: '(a+)+b'\n      message: must be a run of a, then b`));
    const nodeId = await addSimNodeOverHttp(web, sim, 'hostile');
    // As the wizard's form sends it (nameservers and tags are text there).
    const preview = (word: string) => web.action('previewCreationAction', { ...creationRequest(nodeId, id, { params: { word } }), nameservers: undefined, tags: undefined });
    expect((await preview('a'.repeat(32))).serverError).toMatchObject({ code: 'VALIDATION', fieldErrors: { 'params.word': 'must be a run of a, then b' } });
    expect((await preview('a'.repeat(4096))).serverError?.fieldErrors).toEqual({ 'params.word': 'must be a run of a, then b' });
    expect((await preview('a'.repeat(10_000))).serverError?.fieldErrors).toEqual({ 'params.word': 'must be at most 4096 characters' });
    const ok = await preview(`${'a'.repeat(4000)}b`);
    expect(ok.serverError).toBeUndefined();
    expect(ok.data).toMatchObject({ template: { id } });
  });
});

describe('template files', () => {
  it('refuses a YAML bomb as a validation error at the alias, not as an internal error', async () => {
    const { web } = await signedIn(webUrl);
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [prev, name] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
      ['f', 'g'],
      ['g', 'h'],
      ['h', 'i'],
      ['i', 'j'],
    ]) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const r = await web.action<ImportData>('importTemplateAction', { text: `${lines.join('\n')}\n` });
    expect(r.serverError).toBeUndefined();
    expect(r.data).toEqual({ ok: false, errors: [{ path: '', message: 'YAML aliases expand to too many nodes (limit 10000): refused at *d', line: 5, column: 8 }] });
  });

  it('refuses a file over 512 KiB, counted in bytes, with its size', async () => {
    const { web } = await signedIn(webUrl);
    // 300 Ki characters (under the character limit), 600 KiB of UTF-8.
    const r = await web.action<ImportData>('importTemplateAction', { text: `${withParam(uniqueSlug(), '  - { name: word, type: string }')}# ${'é'.repeat(300 * 1024)}\n` });
    expect(r.serverError).toBeUndefined();
    expect(r.data).toEqual({ ok: false, errors: [{ path: '', message: 'the file is 601 KiB: a template file may be at most 512 KiB' }] });
  });
});
