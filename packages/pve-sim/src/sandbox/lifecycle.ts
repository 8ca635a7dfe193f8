/**
 * What a container start/stop means for the processes and services inside. The SSH side calls
 * these after `pct start|stop`; the API side should call them after its own start/stop tasks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sandboxMode } from './host-tools';
import { guestServices } from './guest-bridge';
import { ensureInit, stopInit } from './init';
import { killContainerProcesses, spawnInContainer, type SandboxTarget } from './spawn';

async function runGuest(target: SandboxTarget, verb: 'boot' | 'shutdown'): Promise<void> {
  // A tree that was never created (lazily seeded containers) has no services to move.
  if (!fs.existsSync(path.join(target.rootDir, 'var/lib/kiln-sim'))) return;
  if (sandboxMode() !== 'namespaces') {
    // Nothing ever ran inside, so the tree holds only what createRootfs wrote: safe to edit from here.
    if (verb === 'boot') guestServices.boot(target.rootDir, { host: target.hostname });
    else guestServices.shutdown(target.rootDir);
    return;
  }
  // Otherwise edit from inside: the container may have planted symlinks a host-side write would follow.
  const code = `require('/usr/local/lib/kiln-sim/service-ops.cjs').${verb}('/')`;
  const proc = spawnInContainer(target, ['/usr/bin/node', '-e', code]);
  proc.stdin.end();
  proc.stdout.resume();
  proc.stderr.resume();
  await proc.exit;
}

/** The container's namespaces come up, then the services enabled in it (journal lines included). */
export async function containerStarted(target: SandboxTarget): Promise<void> {
  if (sandboxMode() === 'namespaces') await ensureInit(target);
  await runGuest(target, 'boot');
}

/** Every exec still running is killed, services go down, then everything else in the container. */
export async function containerStopped(target: SandboxTarget): Promise<void> {
  killContainerProcesses(target.rootDir);
  await runGuest(target, 'shutdown');
  await stopInit(target.rootDir);
}
