// Issue 7 figures against the running built stack (KILN_BENCH_WEB_URL, set by scripts/bench.ts):
// container page server render, console keystroke round trip on loopback, services list time on
// a reused SSH connection.
import { performance } from 'node:perf_hooks';
import { getDb } from '@kiln/db';
import { getRedis } from '@kiln/redis';
import { ContainerServices, readGateway, sshPool } from '@kiln/services';
import { ConsoleClient } from '@kiln/worker/testing';
import { fmt, percentile, timeIt } from '../scripts/lib/proc-stats';
import { startOperationsStack } from './lib/operations-stack';

const stack = await startOperationsStack('ct', { seed: 3 });
const { url, pve, user, web, nodeId } = stack;

try {
  const vmid = await pve.nextId();
  await pve.waitForTask(
    await pve.lxcCreate('pve1', {
      vmid,
      hostname: 'bench-box',
      ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst',
      rootfs: { storage: 'local-lvm', sizeGiB: 2 },
      net: { 0: { name: 'eth0', bridge: 'vmbr0', ip: 'dhcp' } },
    }),
    { timeout: 60_000 },
  );
  await pve.waitForTask(await pve.lxcStart('pve1', vmid), { timeout: 60_000 });

  // Container page: overview live from PVE (status, config, interfaces) plus Kiln's rows.
  const page = await timeIt(30, async () => {
    const p = await web.page(`/containers/${nodeId}/${vmid}`);
    if (p.status !== 200) throw new Error(`container page answered ${p.status}`);
  });
  console.log(`container page server render p50: ${fmt(percentile(page, 50))} ms`);
  console.log(`container page server render p95: ${fmt(percentile(page, 95))} ms`);

  // Console: one keystroke to the worker's gateway, through SSH and pct enter, echoed back.
  const gateway = await readGateway(getRedis());
  if (!gateway) throw new Error('the worker advertises no console gateway');
  const ticket = await web.action<{ ticket: string }>('openConsoleAction', { nodeId, vmid });
  if (!ticket.data) throw new Error(`no console ticket: ${ticket.raw.slice(0, 300)}`);
  const term = new ConsoleClient(`ws://127.0.0.1:${gateway.port}/console`, { origin: url });
  await term.opened;
  term.auth(ticket.data.ticket);
  await term.ready();
  term.send('echo ready-$((1+1))\r');
  await term.waitFor('ready-2');
  const keys: number[] = [];
  for (let i = 0; i < 100; i++) {
    const ch = String.fromCharCode(97 + (i % 26));
    term.clear();
    const t = performance.now();
    term.send(ch);
    await term.waitFor(ch, 5000);
    keys.push(performance.now() - t);
  }
  term.send('\x15exit\r');
  await term.closed;
  console.log(`console keystroke round trip p50 (loopback): ${fmt(percentile(keys, 50), 2)} ms`);
  console.log(`console keystroke round trip p95 (loopback): ${fmt(percentile(keys, 95), 2)} ms`);

  // Services list in this process: the first call opens the SSH connection, the rest reuse it.
  const services = new ContainerServices({ db: getDb(), redis: getRedis() });
  let count = 0;
  const list = await timeIt(20, async () => {
    count = (await services.list(user.id, { nodeId, vmid })).length;
  });
  console.log(`services list time p50 (reused SSH connection, ${count} services): ${fmt(percentile(list, 50))} ms`);

  // The same through the web app, as the Services tab calls it.
  const viaWeb = await timeIt(20, async () => {
    const r = await web.action('listServicesAction', { nodeId, vmid });
    if (!r.data) throw new Error(`services action failed: ${r.raw.slice(0, 200)}`);
  });
  console.log(`services list server action p50: ${fmt(percentile(viaWeb, 50))} ms`);

  const metrics = await timeIt(20, async () => {
    await web.action('containerMetricsAction', { nodeId, vmid, timeframe: 'day' });
  });
  console.log(`container metrics (day) server action p50: ${fmt(percentile(metrics, 50))} ms`);
} finally {
  await sshPool().close();
  await stack.close();
}
