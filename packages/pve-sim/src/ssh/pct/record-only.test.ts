import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../context';
import { MemoryClusterView } from '../testing/memory-cluster';
import { runPct } from './index';

function recordOnlyContext(view: MemoryClusterView) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d));
  stderr.on('data', (d: Buffer) => (err += d));
  const ctx: CommandContext = {
    view,
    node: 'pve1',
    stdin: new PassThrough(),
    stdout,
    stderr,
    pty: undefined,
    env: {},
    sandbox: 'record-only',
    sandboxReason: 'the simulator does not run as root',
    onResize: () => {},
    onSignal: () => {},
    onAbort: () => {},
  };
  return { ctx, output: () => ({ out, err }) };
}

describe('pct in record-only mode', () => {
  it('refuses exec, enter and push with a clear message and runs nothing', async () => {
    const rootDir = path.join(os.tmpdir(), `kiln-never-created-${process.pid}-${Date.now()}`);
    const view = new MemoryClusterView(['pve1']);
    view.containers.set(101, { vmid: 101, node: 'pve1', hostname: 'ct101', status: 'running', unprivileged: true, rootDir, config: {} });
    for (const argv of [
      ['exec', '101', '--', 'id'],
      ['enter', '101'],
      ['push', '101', '/dev/stdin', '/tmp/x'],
    ]) {
      const { ctx, output } = recordOnlyContext(view);
      expect(await runPct(ctx, argv)).toBe(255);
      expect(output().err).toMatch(/^kiln-sim: not executed in CT 101: .*record-only mode \(the simulator does not run as root\)/);
    }
    expect(fs.existsSync(rootDir)).toBe(false);
  });

  it('still answers status and config, which need no sandbox', async () => {
    const view = new MemoryClusterView(['pve1']);
    view.containers.set(101, { vmid: 101, node: 'pve1', hostname: 'ct101', status: 'stopped', unprivileged: true, rootDir: '/nonexistent', config: { memory: '512', digest: 'x' } });
    const { ctx, output } = recordOnlyContext(view);
    expect(await runPct(ctx, ['status', '101'])).toBe(0);
    expect(await runPct(ctx, ['config', '101'])).toBe(0);
    expect(output().out).toBe('status: stopped\nmemory: 512\n');
  });
});
