import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { startSimHarness, type SimHarness } from './helpers/sim';

/**
 * SIMULATOR FIDELITY: places where packages/pve-sim answers differently from a real PVE 8/9 node.
 * The client copes with both shapes; tests named DISCREPANCY fail on purpose until the simulator
 * is fixed, because code that only ever met the simulator would break on real hardware. The
 * others pin differences that were fixed, so they do not come back.
 * Each test cites the PVE source that defines the real behaviour.
 */
let h: SimHarness;
let agent: Agent;
beforeAll(async () => {
  h = await startSimHarness({ seedContainersPerNode: 1 });
  agent = new Agent({ connect: { rejectUnauthorized: false } });
});
afterAll(async () => {
  await agent?.close();
  await h?.close();
});

async function raw(path: string, method = 'GET'): Promise<unknown> {
  const res = await request(`${h.sim.apiUrl}${path}`, { method, dispatcher: agent, headers: { authorization: h.sim.tokens[0]!.header } });
  return ((await res.body.json()) as { data: unknown }).data;
}

describe('simulator fidelity (known discrepancies with real PVE)', () => {
  // pve-manager PVE/API2/Tasks.pm, `$convert_token_task`: for tasks started by an API token, the
  // task list and task status split the UPID's `user@realm!token` into `user` and `tokenid`.
  it('DISCREPANCY: a token task reports user "kiln@pve" and tokenid "kiln" (sim: user "kiln@pve!kiln", no tokenid)', async () => {
    const [ct] = await h.client.lxcList('pve1');
    const upid = ct!.status === 'running' ? await h.client.lxcStop('pve1', ct!.vmid) : await h.client.lxcStart('pve1', ct!.vmid);
    await h.client.waitForTask(upid, { pollInterval: 50 });
    const status = (await raw(`/nodes/pve1/tasks/${encodeURIComponent(upid)}/status`)) as Record<string, unknown>;
    expect({ user: status['user'], tokenid: status['tokenid'] }).toEqual({ user: 'kiln@pve', tokenid: 'kiln' });
    const list = (await raw('/nodes/pve1/tasks?limit=1')) as Array<Record<string, unknown>>;
    expect({ user: list[0]?.['user'], tokenid: list[0]?.['tokenid'] }).toEqual({ user: 'kiln@pve', tokenid: 'kiln' });
  });

  // pve-common PVE/ProcFSTools.pm `parse_pressure` keeps the matched `avg10=` text; pve-container
  // `vmstatus` copies it into `pressurecpusome`..., so real nodes send strings ("0.00").
  it('container PSI values are strings on the wire, numbers after the client', async () => {
    const running = (await h.client.lxcList('pve1')).find((c) => c.status === 'running') ?? (await startOne());
    const rows = (await raw('/nodes/pve1/lxc')) as Array<Record<string, unknown>>;
    expect(typeof rows.find((r) => Number(r['vmid']) === running.vmid)?.['pressurecpusome']).toBe('string');
    expect(typeof (await h.client.lxcStatus('pve1', running.vmid)).pressurecpusome).toBe('number');
  });

  // pve-storage PVE/API2/Storage/Status.pm registers `{storage}/content` with
  // `fragmentDelimiter => ''`; pve-common RESTHandler.pm then joins the rest of the path.
  it('a volume id with a raw slash reaches the volume handler', async () => {
    const info = (await raw('/nodes/pve1/storage/local/content/local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst')) as Record<string, unknown>;
    expect(info).toMatchObject({ path: '/var/lib/vz/template/cache/debian-12-standard_12.7-1_amd64.tar.zst', format: 'raw' });
  });
});

async function startOne() {
  const [ct] = await h.client.lxcList('pve1');
  await h.client.waitForTask(await h.client.lxcStart('pve1', ct!.vmid), { pollInterval: 50 });
  return ct!;
}
