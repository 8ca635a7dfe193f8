/**
 * SSH figures against the simulator's node over loopback (real sockets, real sandbox).
 *
 * - "pctExec p50 end-to-end": `pctExec(101, ['true'])` on a warm pooled connection: channel
 *   open + exec request + pct + the sandboxed `true` + exit status + channel close.
 * - "sandbox exec p50 (no SSH)": the same `true` started directly with the simulator's sandbox
 *   (namespaces + chroot), i.e. what the node itself spends per `pct exec`.
 * - "pctExec overhead p50 (reused connection)": the difference of the two medians, i.e. what the
 *   pooled SSH channel adds on top of the node's own cost. Samples are interleaved so both see
 *   the same machine load.
 * - "SSH channel round trip p50": a node-level `true` (no sandbox): the bare per-call channel cost.
 * - "SSH handshakes for 20 sequential steps": handshake counter after 20 provisioning-like calls.
 */
import { createRootfs, destroyRootfs, sandboxMode, spawnInContainer, startTestNode } from '@kiln/pve-sim/testing';
import { SshPool } from '../src';

const ROUNDS = 60;

function p50(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
const ms = (n: number) => n.toFixed(2);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const node = await startTestNode({ containers: [{ vmid: 101 }] });
const pool = new SshPool();
try {
  const target = { host: node.host, port: node.port, auth: { password: node.rootPassword }, hostKeyFingerprint: node.server.hostKeyFingerprint };
  const ssh = pool.node(target);
  const first = await timed(() => ssh.exec(['true']));
  console.log(`first call incl. SSH handshake: ${ms(first)} ms`);

  const channel: number[] = [];
  for (let i = 0; i < ROUNDS; i++) channel.push(await timed(() => ssh.exec(['true'])));
  console.log(`SSH channel round trip p50 (node-level true): ${ms(p50(channel))} ms`);

  if (sandboxMode() === 'namespaces') {
    const ct = node.view.getContainer(101);
    if (!ct) throw new Error('CT 101 missing');
    const direct = async () => {
      const proc = spawnInContainer({ vmid: 101, rootDir: ct.rootDir, hostname: ct.hostname }, ['true']);
      proc.stdin.end();
      proc.stdout.resume();
      proc.stderr.resume();
      await proc.exit;
    };
    await direct();
    await ssh.pctExec(101, ['true']);
    const viaSsh: number[] = [];
    const local: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      viaSsh.push(await timed(() => ssh.pctExec(101, ['true'])));
      local.push(await timed(direct));
    }
    console.log(`pctExec p50 end-to-end: ${ms(p50(viaSsh))} ms`);
    console.log(`sandbox exec p50 (no SSH): ${ms(p50(local))} ms`);
    console.log(`pctExec overhead p50 (reused connection): ${ms(Math.max(0, p50(viaSsh) - p50(local)))} ms`);

    const stepsPool = new SshPool();
    try {
      const steps = stepsPool.node(target);
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) await steps.pctExec(101, ['sh', '-c', 'echo step "$1" >> /root/steps.log', 'sh', String(i)]);
      console.log(`20 sequential pctExec steps: ${ms(performance.now() - t0)} ms`);
      console.log(`SSH handshakes for 20 sequential steps: ${stepsPool.stats(target)?.handshakes ?? 0}`);
    } finally {
      await stepsPool.close();
    }

    const wall = await timed(() => Promise.all(Array.from({ length: 20 }, () => ssh.pctExec(101, ['true']))));
    console.log(`20 concurrent pctExec (8-channel cap) wall time: ${ms(wall)} ms`);

    const tmpRoot = `${ct.rootDir}-bench-create`;
    const create = await timed(() => createRootfs(tmpRoot, { hostname: 'bench', ostemplate: 'local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst' }));
    await destroyRootfs(tmpRoot);
    console.log(`createRootfs: ${ms(create)} ms`);
  } else {
    console.error('ssh.bench: sandbox is record-only here; container figures skipped');
  }
} finally {
  await pool.close();
  await node.close();
}
