import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { ROOT } from './paths';

export class StepError extends Error {}

/** Runs a command to completion with inherited output; resolves with its exit code. */
export function run(cmd: string, args: string[], opts: SpawnOptions & { quiet?: boolean } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: opts.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', ...opts });
    let captured = '';
    child.stdout?.on('data', (d: Buffer) => (captured += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (captured += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (opts.quiet && code !== 0) process.stderr.write(captured);
      resolve(code ?? 1);
    });
  });
}

export async function runOrThrow(label: string, cmd: string, args: string[], opts: SpawnOptions & { quiet?: boolean } = {}): Promise<void> {
  const code = await run(cmd, args, opts);
  if (code !== 0) throw new StepError(`${label} failed (exit ${code}).`);
}

type ChildOptions = SpawnOptions & { silent?: boolean };

/** How each long-running child was started, so a supervisor can start it again the same way. */
const launches = new WeakMap<ChildProcess, { name: string; cmd: string; args: string[]; opts: ChildOptions; at: number }>();

/** Starts a long-running child whose output is prefixed, so web, worker and tools stay readable. */
export function startChild(name: string, cmd: string, args: string[], opts: ChildOptions = {}): ChildProcess {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  launches.set(child, { name, cmd, args, opts, at: Date.now() });
  const prefix = (stream: NodeJS.WritableStream) => {
    let buf = '';
    return (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      if (!opts.silent) for (const l of lines) stream.write(`${name.padEnd(6)} | ${l}\n`);
    };
  };
  child.stdout?.on('data', prefix(process.stdout));
  child.stderr?.on('data', prefix(process.stderr));
  return child;
}

/** A new process started exactly like `child` was (same command, arguments, directory, env). */
export function startAgain(child: ChildProcess): ChildProcess {
  const launch = launches.get(child);
  if (!launch) throw new Error('startAgain: the process was not started with startChild');
  return startChild(launch.name, launch.cmd, launch.args, launch.opts);
}

/** When a child of startChild was started (ms since the epoch). */
export function startedAt(child: ChildProcess): number | undefined {
  return launches.get(child)?.at;
}

export async function waitForHttp(url: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new StepError(`process exited (code ${child.exitCode}) before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new StepError(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}

export function stopChild(child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
