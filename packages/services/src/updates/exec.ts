/** Commands inside the container for an update: streamed to the operation's channel, output tail kept, secrets redacted. */
import { StringDecoder } from 'node:string_decoder';
import type { RenderedExec, RenderedHealthcheck } from '@kiln/core/templates';
import type { Redis } from '@kiln/redis';
import type { NodeSsh } from '@kiln/ssh';
import { LIST_SERVICES_ARGV, parseServices } from '../containers/systemd';
import { emit } from '../operations/events';
import type { UpdatePlan } from './plan';

export const TAIL_CHARS = 4000;

export interface ExecCtx {
  redis: Redis;
  operationId: string;
  ssh: NodeSsh;
  vmid: number;
  signal?: AbortSignal;
  redact: UpdatePlan['redact'];
  streamRedactor: UpdatePlan['streamRedactor'];
}

/** Runs one command, its output streamed as `output` events of `step`; returns exit code and a redacted tail. */
export async function streamExec(ctx: ExecCtx, exec: RenderedExec, step: string, timeoutMs: number): Promise<{ exitCode: number; tail: string }> {
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  const redactor = ctx.streamRedactor();
  let chain: Promise<void> = Promise.resolve();
  const out = (text: string) => {
    if (text) chain = chain.then(() => emit(ctx.redis, ctx.operationId, { type: 'output', text, step }));
  };
  try {
    const res = await ctx.ssh.pctExec(ctx.vmid, exec.argv, {
      stdin: exec.stdin,
      timeout: timeoutMs,
      signal: ctx.signal,
      onOutput: (chunk, stream) => out(redactor.push(decoders[stream].write(chunk), stream)),
    });
    out(redactor.push(decoders.stdout.end(), 'stdout') + redactor.push(decoders.stderr.end(), 'stderr') + redactor.flush());
    const tail = ctx.redact(`${res.stdout}${res.stderr ? `\n${res.stderr}` : ''}`).slice(-TAIL_CHARS);
    return { exitCode: res.exitCode, tail };
  } finally {
    await chain;
  }
}

/** The healthcheck with its retries; `ok` false after the last failed attempt. */
export async function runHealthcheck(ctx: ExecCtx, hc: RenderedHealthcheck, log: (text: string) => Promise<void>): Promise<{ ok: boolean; tail: string }> {
  let tail = '';
  // `retries` counts the attempts after the first (the template format).
  const attempts = hc.retries + 1;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const res = await ctx.ssh.pctExec(ctx.vmid, hc.exec.argv, { stdin: hc.exec.stdin, timeout: hc.timeoutMs, signal: ctx.signal });
    tail = ctx.redact(`${res.stdout}${res.stderr}`).slice(-2000);
    if (res.exitCode === 0) {
      await log(`${hc.title}: healthy (attempt ${attempt}).`);
      return { ok: true, tail };
    }
    await log(`${hc.title}: not healthy (attempt ${attempt}/${attempts}, exit ${res.exitCode}).`);
    if (attempt < attempts) await sleep(hc.intervalMs, ctx.signal);
  }
  return { ok: false, tail };
}

/** Names of the systemd services running now; undefined when the container has no systemctl. */
export async function runningServices(ctx: Pick<ExecCtx, 'ssh' | 'vmid' | 'signal'>): Promise<string[] | undefined> {
  const r = await ctx.ssh.pctExec(ctx.vmid, LIST_SERVICES_ARGV, { timeout: 20_000, signal: ctx.signal });
  if (r.exitCode !== 0 && !r.stdout.trim()) return undefined;
  return parseServices(r.stdout)
    .filter((s) => s.active === 'active' && s.sub === 'running')
    .map((s) => s.name)
    .sort();
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
