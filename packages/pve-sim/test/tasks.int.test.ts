import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from './helpers/sim';

let t: TestSim;
type Task = Record<string, unknown> & { upid: string };

beforeAll(async () => {
  t = await startTestSim({
    seedContainersPerNode: 2,
    tokens: [
      { id: 'kiln@pve!kiln' },
      // may power containers but is no node auditor: it only sees its own tasks
      { id: 'ops@pve!power', privileges: { '/': ['VM.Audit', 'VM.PowerMgmt'] } },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

/** Starts or stops `vmid` (whichever applies) with token `i` and waits for the task. */
async function powerToggle(i: number, vmid: number): Promise<string> {
  const api = t.client(i);
  const { status } = await api.data<{ status: string }>('GET', `/nodes/pve1/lxc/${vmid}/status/current`);
  const upid = await api.data<string>('POST', `/nodes/pve1/lxc/${vmid}/status/${status === 'running' ? 'stop' : 'start'}`);
  await t.waitTask(upid);
  return upid;
}

describe('tasks started by API tokens (pve-manager Tasks.pm $convert_token_task)', () => {
  it('the UPID carries user@realm!token, status and list split it into user and tokenid', async () => {
    const upid = await powerToggle(0, 100);
    expect(upid).toMatch(/:kiln@pve!kiln:$/);
    const status = await t.api.data<Record<string, unknown>>('GET', `/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`);
    expect(status).toMatchObject({ upid, user: 'kiln@pve', tokenid: 'kiln', status: 'stopped', exitstatus: 'OK' });
    const [latest] = await t.api.data<Task[]>('GET', '/nodes/pve1/tasks', { limit: 1 });
    expect(latest).toMatchObject({ upid, user: 'kiln@pve', tokenid: 'kiln', status: 'OK' });
  });

  it('userfilter matches the split user, not the token id', async () => {
    await powerToggle(0, 101);
    const byUser = await t.api.data<Task[]>('GET', '/nodes/pve1/tasks', { userfilter: 'KILN@PVE' });
    expect(byUser.length).toBeGreaterThan(0);
    expect(byUser.every((x) => x['user'] === 'kiln@pve' && x['tokenid'] === 'kiln')).toBe(true);
    expect(await t.api.data('GET', '/nodes/pve1/tasks', { userfilter: 'kiln@pve!kiln' })).toEqual([]);
  });

  it('a token without Sys.Audit on the node sees only its own tasks, and needs it for others', async () => {
    const mine = await powerToggle(1, 100);
    const kilns = await powerToggle(0, 101);
    const ops = t.client(1);
    const listed = await ops.data<Task[]>('GET', '/nodes/pve1/tasks');
    expect(listed.map((x) => x.upid)).toEqual([mine]);
    expect(listed[0]).toMatchObject({ user: 'ops@pve', tokenid: 'power' });
    const foreign = await ops.get(`/nodes/pve1/tasks/${encodeURIComponent(kilns)}/status`);
    expect([foreign.status, foreign.reason]).toEqual([403, 'Permission check failed (/nodes/pve1, Sys.Audit)']);
  });

  it('orders the archive by end time and reports total; limit=0 lists nothing', async () => {
    const all = await t.api.get('/nodes/pve1/tasks', { limit: 0 });
    expect(all.body?.data).toEqual([]);
    expect(all.body?.total).toBeGreaterThanOrEqual(4);
    const list = await t.api.data<Task[]>('GET', '/nodes/pve1/tasks', { limit: 100 });
    const ends = list.map((x) => Number(x['endtime']));
    expect(ends).toEqual([...ends].sort((a, b) => b - a));
  });

  it('task log: limit=0 reads to the end', async () => {
    const upid = await powerToggle(0, 100);
    const all = await t.api.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { limit: 0 });
    const lines = all.body?.data as Array<{ n: number; t: string }>;
    expect(lines.at(-1)).toEqual({ n: all.body?.total, t: 'TASK OK' });
  });
});

describe('task log download (read_task_log `download`)', () => {
  it('sends the log file itself, and refuses start/limit with it', async () => {
    const upid = await powerToggle(0, 101);
    const { request } = await import('node:https');
    const url = `${t.sim.apiUrl}/nodes/pve1/tasks/${encodeURIComponent(upid)}/log?download=1`;
    const file = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const req = request(url, { headers: { Authorization: t.sim.tokens[0]?.header ?? '' }, rejectUnauthorized: false, agent: false }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('text/plain');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="task-pve1-vz(start|stop)-\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.log"$/);
    expect(file.body.endsWith('TASK OK\n')).toBe(true);
    const both = await t.api.get(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/log`, { download: 1, limit: 5 });
    expect([both.status, both.reason]).toEqual([500, "'download' cannot be used together with 'start' or 'limit' parameters"]);
  });
});
