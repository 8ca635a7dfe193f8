/**
 * The connection test of a node runs in the worker (the web process never connects to a node):
 * the job carries only an id, the secrets wait sealed in Redis and are gone once it ran.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getRedis } from '@kiln/redis';
import { nodeTestKey } from '@kiln/services';
import { closeQueues, getQueue } from '@kiln/queue';
import { closeSim, signedIn, startSim } from './containers-fixture';
import { simNodeForm, type Simulator } from '../helpers/sim';
import type { PveClient } from '@kiln/pve';

const webUrl = inject('webUrl');

let sim: Simulator;
let pve: PveClient;

beforeAll(async () => {
  ({ sim, pve } = await startSim());
});

afterAll(async () => {
  await closeQueues();
  await closeSim({ sim, pve });
});

describe('saving a node', () => {
  it('asks the worker to test the connection with a job that carries no secret, and leaves no sealed input behind', async () => {
    const { user, web } = await signedIn(webUrl);
    const since = Date.now();
    const res = await web.action<{ saved: boolean; report: { apiOk: boolean; sshOk: boolean } }>(
      'saveNodeAction',
      simNodeForm(sim, { name: `w-${user.username}`, trustFingerprint: sim.tlsFingerprint }),
    );
    expect(res.data?.saved).toBe(true);
    expect(res.data?.report).toMatchObject({ apiOk: true, sshOk: true });

    const jobs = (await getQueue('interactive').getJobs(['completed', 'failed'])).filter((j) => j.name === 'node.connection-test' && j.timestamp >= since - 1000);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      expect(Object.keys(job.data as object)).toEqual(['requestId']);
      const seen = JSON.stringify({ data: job.data, returnvalue: job.returnvalue });
      expect(seen).not.toContain(sim.tokens[0]!.secret);
      expect(seen).not.toContain(sim.rootPassword);
      expect(await getRedis().exists(nodeTestKey((job.data as { requestId: string }).requestId))).toBe(0);
    }
  });
});
