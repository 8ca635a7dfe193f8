import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger } from '@kiln/core';
import { closeDb, getDb } from '@kiln/db';
import { closeRedis, getRedis } from '@kiln/redis';
import { closePveClients, consoleTicketKey, readGateway } from '@kiln/services';
import { ConsoleClient, startConsoleGateway, type ConsoleGateway } from '@kiln/worker/testing';
import type { PveClient } from '@kiln/pve';
import type { Simulator } from '../helpers/sim';
import { createCt, owner, signedIn, startSim, type Owner } from './containers-fixture';

const webUrl = inject('webUrl');
let sim: Simulator;
let pve: PveClient;
let a: Owner;
let vmid: number;
let gatewayUrl: string;
let quick: ConsoleGateway;

interface Ticket {
  ticket: string;
  port: number | null;
  url: string | null;
}

/** A refusal must come at once, not when some timeout ends the connection. */
const REFUSAL_DEADLINE_MS = 5000;

beforeAll(async () => {
  ({ sim, pve } = await startSim());
  a = await owner(webUrl, sim);
  vmid = await createCt(pve, 'console-box', { start: true });
  // The worker the test stack runs advertises its gateway in Redis (the web app reads the same).
  const advert = await readGateway(getRedis());
  expect(advert?.port).toBeGreaterThan(0);
  gatewayUrl = `ws://127.0.0.1:${advert!.port}/console`;
  // A private gateway with short timers for the idle and sign-out cases.
  quick = await startConsoleGateway({
    db: getDb(),
    redis: getRedis(),
    log: createLogger('console-test', 'warn'),
    host: '127.0.0.1',
    port: 0,
    idleMs: 1500,
    sessionCheckMs: 300,
    workerId: 'test',
    advertise: false,
  });
});

afterAll(async () => {
  await quick?.stop();
  await pve?.close();
  await closePveClients();
  await sim?.close();
  await closeDb();
  await closeRedis();
});

async function ticket(o: Owner = a, id = vmid): Promise<Ticket> {
  const r = await o.web.action<Ticket>('openConsoleAction', { nodeId: o.nodeId, vmid: id });
  expect(r.serverError).toBeUndefined();
  expect(r.data?.ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
  return r.data!;
}

async function connect(t: string, url = gatewayUrl, origin = webUrl): Promise<ConsoleClient> {
  const c = new ConsoleClient(url, { origin });
  await c.opened;
  c.auth(t, { cols: 100, rows: 30 });
  return c;
}

describe('the web console', () => {
  it('opens a shell in the container, runs a command and shows its output', async () => {
    const c = await connect((await ticket()).ticket);
    await c.ready();
    c.send('echo kiln-$((6*7))\r');
    await c.waitFor('kiln-42');
    c.send('hostname\r');
    await c.waitFor(/console-box/);
    c.close();
    const audit = await getDb().auditEvent.findFirst({ where: { userId: a.user.id, action: 'container.console.open', targetId: `${a.nodeId}/${vmid}` } });
    expect(audit?.outcome).toBe('success');
  });

  it('resizes the terminal', async () => {
    const c = await connect((await ticket()).ticket);
    await c.ready();
    // The simulator applies a window change asynchronously (stty on the container's PTY): ask until it shows.
    let size = '';
    for (let i = 0; i < 50 && size !== '45 123'; i++) {
      c.clear();
      c.resize(123, 45);
      await new Promise((r) => setTimeout(r, 100));
      c.send('stty size\r');
      size = (await c.waitFor(/\d+ \d+(?=\r\n)/, 5000)).trim();
    }
    expect(size).toBe('45 123');
    c.close();
  });

  it('ends when the shell ends', async () => {
    const c = await connect((await ticket()).ticket);
    await c.ready();
    c.send('exit 3\r');
    const closed = await c.closed;
    expect(closed.code).toBe(1000);
    expect(closed.notices).toContainEqual({ type: 'exit', code: 3 });
  });

  it('refuses a reused ticket', async () => {
    const t = (await ticket()).ticket;
    const first = await connect(t);
    await first.ready();
    const second = await connect(t);
    expect((await second.closedWithin(REFUSAL_DEADLINE_MS)).code).toBe(4401);
    first.close();
  });

  it('refuses a forged ticket', async () => {
    const c = await connect('A'.repeat(43));
    expect((await c.closedWithin(REFUSAL_DEADLINE_MS)).code).toBe(4401);
    const junk = await connect('not even the right shape');
    expect((await junk.closedWithin(REFUSAL_DEADLINE_MS)).code).toBe(4401);
  });

  it('refuses an expired ticket', async () => {
    const t = (await ticket()).ticket;
    await getRedis().pexpire(consoleTicketKey(t), 1);
    await new Promise((r) => setTimeout(r, 50));
    const c = await connect(t);
    expect((await c.closedWithin(REFUSAL_DEADLINE_MS)).code).toBe(4401);
  });

  it('refuses a websocket from another origin, and the ticket is spent', async () => {
    const t = (await ticket()).ticket;
    const evil = await connect(t, gatewayUrl, 'https://evil.example');
    expect((await evil.closedWithin(REFUSAL_DEADLINE_MS)).code).toBe(4403);
    const retry = await connect(t);
    expect((await retry.closedWithin(REFUSAL_DEADLINE_MS)).code).toBe(4401);
  });

  it('does not issue tickets for a stopped container, and says why', async () => {
    const stopped = await createCt(pve, 'console-off');
    const r = await a.web.action('openConsoleAction', { nodeId: a.nodeId, vmid: stopped });
    expect(r.serverError?.message).toBe('The container is not running: start it to open a console.');
  });

  it('closes after the idle time', async () => {
    const c = await connect((await ticket()).ticket, `ws://127.0.0.1:${quick.port}/console`);
    await c.ready();
    const closed = await c.closed;
    expect(closed.code).toBe(4408);
    expect(closed.notices).toContainEqual({ type: 'closed', reason: 'idle' });
  });

  it('closes when the Kiln session that opened it signs out', async () => {
    const { user, web } = await signedIn(webUrl);
    const res = await web.action<{ saved: boolean; nodeId: string }>('saveNodeAction', {
      name: 'signout-node',
      host: '127.0.0.1',
      apiPort: sim.apiPort,
      tokenId: sim.tokens[0]!.id,
      tokenSecret: sim.tokens[0]!.secret,
      tlsMode: 'pinned',
      trustFingerprint: sim.tlsFingerprint,
      sshHost: '127.0.0.1',
      sshPort: sim.nodes[0]!.sshPort,
      sshUser: 'root',
      sshAuth: 'password',
      sshPassword: sim.rootPassword,
    });
    const o: Owner = { user, web, nodeId: res.data!.nodeId };
    const c = await connect((await ticket(o)).ticket, `ws://127.0.0.1:${quick.port}/console`);
    await c.ready();
    c.send('echo still-here\r');
    await c.waitFor('still-here');
    await web.action('logoutAction');
    const closed = await c.closed;
    expect(closed.code).toBe(4410);
  });
});
