// A template step that prints its secret in every way a script might: the real worker runs it
// in the simulator, and the secret must reach none of the places a user or a log can read.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis } from '@kiln/redis';
import { TemplateService, closePveClients } from '@kiln/services';
import { creationOutput, creationRequest, creationService, registerSimNode, waitForLifecycle } from '../helpers/provisioning';
import { startTestSim, type Simulator } from '../helpers/sim';
import { makeUser } from '../helpers/users';
import { WebClient } from '../helpers/web-client';
import { followOperation } from '../helpers/operations';

const webUrl = inject('webUrl');

// Quote, dollar, space and ampersand: `printf %q` and the shell filter both change it.
const SECRET = `pa$$ w'rd&${randomBytes(12).toString('hex')}`;

const TEMPLATE = `apiVersion: kiln/v1
slug: leaky-${randomBytes(4).toString('hex')}
name: Leaky
version: 1.0.0
description: Prints its secret raw, quoted, encoded and in pieces.
icon: "🔑"
os: { distribution: debian, version: "12" }
params:
  - name: token
    type: secret
steps:
  - id: print
    type: script
    run: |
      S={{ params.token | shell }}
      echo "raw: $S"
      printf 'quoted: %q\\n' "$S"
      printf '%s' "$S" | base64
      printf 'user:%s' "$S" | base64
      printf '%s' "$S" | od -An -v -tx1 | tr -d ' \\n'; echo
      echo "to stderr: $S" >&2
      # Half now, half a second later: two SSH chunks, two 250 ms flushes.
      half=$(( \${#S} / 2 ))
      printf 'split: %s' "\${S:0:half}"
      sleep 1
      printf '%s\\n' "\${S:half}"
  - id: fail
    type: script
    run: |
      S={{ params.token | shell }}
      echo "failing with: $S"
      printf 'admin:%s' "$S" | base64 -w 0 | tr '+/' '-_'; echo
      exit 3
`;

/** Which forms of the secret `text` still holds (any 8 characters of it, decoded where encoded). */
function leaks(text: string): string[] {
  const plain = text
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/\\u0026/g, '&');
  const windows = Array.from({ length: SECRET.length - 7 }, (_, i) => SECRET.slice(i, i + 8));
  const has = (s: string) => windows.some((w) => s.includes(w));
  const found = new Set<string>();
  if (has(plain)) found.add('raw');
  if (has(plain.replace(/\\/g, ''))) found.add('backslash-escaped');
  for (const token of plain.match(/[A-Za-z0-9+/_-]{10,}/g) ?? []) {
    for (let shift = 0; shift < 4; shift++) if (has(Buffer.from(token.slice(shift), 'base64').toString('latin1'))) found.add(`base64 ${token}`);
  }
  for (const token of plain.match(/[0-9a-fA-F]{16,}/g) ?? []) {
    for (const shift of [0, 1]) if (has(Buffer.from(token.slice(shift), 'hex').toString('latin1'))) found.add(`hex ${token}`);
  }
  return [...found];
}

/** Rows as text (event ids are BigInts). */
const json = (rows: unknown) => JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

let sim: Simulator;

beforeAll(async () => {
  sim = await startTestSim({ seed: 0, taskDurationMs: 200 });
});

afterAll(async () => {
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

describe('a step that prints its secret', () => {
  it('leaves it out of the streamed output, the saved tails, events, audit and the pages', async () => {
    expect(webUrl, 'needs the built web app and worker (pnpm build)').not.toBe('');
    const user = await makeUser();
    const nodeId = (await registerSimNode(user, sim)).id;
    const actor = { id: user.id, username: user.username, ip: '127.0.0.1' };
    const imported = await new TemplateService(getDb()).importText(actor, TEMPLATE);
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
    const res = await creationService().create(actor, creationRequest(nodeId, imported.id, { params: { token: SECRET } }));
    expect(await waitForLifecycle(res.containerId)).toBe('error');

    const streamed = (await creationOutput(res.containerId)).map((c) => c.text).join('');
    // The script did print every form, redacted: the test would see a leak if there were one.
    expect(streamed).toContain('raw: ***');
    expect(streamed).toContain('quoted: ***');
    expect(streamed).toContain('to stderr: ***');
    expect(streamed).toContain('split: ***\n');
    expect(streamed).toContain('failing with: ***');
    expect(leaks(streamed)).toEqual([]);

    const row = await getDb().container.findUniqueOrThrow({ where: { id: res.containerId }, include: { steps: true, events: true } });
    const print = row.steps.find((s) => s.key === 'step:print');
    const fail = row.steps.find((s) => s.key === 'step:fail');
    expect(print?.state).toBe('done');
    expect(fail).toMatchObject({ state: 'failed', exitCode: 3 });
    expect(fail?.outputTail).toContain('failing with: ***');
    expect(leaks(json(row.steps))).toEqual([]);
    expect(leaks(json(row.failure))).toEqual([]);
    expect(leaks(json(row.events))).toEqual([]);
    const audit = await getDb().auditEvent.findMany({ where: { userId: user.id } });
    expect(audit.length).toBeGreaterThan(0);
    expect(leaks(json(audit))).toEqual([]);

    const web = new WebClient(webUrl);
    expect((await web.login(user.username, user.password)).status).toBe(200);
    const page = await web.page(`/containers/creations/${res.containerId}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('failing with: ***');
    expect(leaks(page.html)).toEqual([]);
    // The operations route replays the creation's channel: state, steps and output, all redacted.
    const followed = await followOperation(web, res.operationId!);
    expect(followed.operation.state).toBe('failed');
    const body = JSON.stringify(followed);
    expect(body).toContain('split: ***');
    expect(leaks(body)).toEqual([]);
  });
});
