import { paramError, pveDie } from '../http/errors';
import { assertNotLocked, type Sim } from '../sim';
import { leaseAddresses } from '../state/network';
import { applyPending } from './pending';
import type { TaskRecord } from '../state/types';
import type { ContainerRecord } from '../state/types';

/** Flips a container to running (the effect of `lxc-start`), with fresh DHCP leases. */
export function startContainerNow(sim: Sim, ct: ContainerRecord): void {
  const now = Date.now();
  ct.status = 'running';
  ct.startedAt = now;
  ct.pid = 100_000 + Math.floor(Math.random() * 3_000_000);
  ct.runs.push([now, null]);
  if (ct.runs.length > 200) ct.runs.splice(0, ct.runs.length - 200);
  leaseAddresses(ct, sim.containers(), sim.settings.subnetOctet);
  sim.markDirty();
}

export function stopContainerNow(sim: Sim, ct: ContainerRecord): void {
  const now = Date.now();
  ct.status = 'stopped';
  delete ct.startedAt;
  delete ct.pid;
  const last = ct.runs[ct.runs.length - 1];
  if (last && last[1] === null) last[1] = now;
  ct.leases = {};
  // the poststop hook writes pending changes into the config
  applyPending(ct);
  sim.markDirty();
}

export type PowerAction = 'start' | 'stop' | 'shutdown' | 'reboot';

const TASK_TYPE: Record<PowerAction, string> = { start: 'vzstart', stop: 'vzstop', shutdown: 'vzshutdown', reboot: 'vzreboot' };

/**
 * `POST .../status/{start,stop,shutdown,reboot}` (pve-container's Status.pm): the "already
 * running" / "not running" checks answer at once; config and lock problems fail the task.
 */
export async function powerAction(
  sim: Sim,
  authid: string,
  nodeName: string,
  vmid: number,
  action: PowerAction,
  params: Readonly<Record<string, string>>,
  /** `pct` (the SSH side) runs the guest boot/shutdown itself. */
  notifySandbox = true,
): Promise<TaskRecord> {
  const node = sim.proxyNode(nodeName);
  if (params['skiplock'] === '1' && authid !== 'root@pam') throw paramError({ skiplock: 'Only root may use this option.' });
  const skiplock = params['skiplock'] === '1';
  const running = sim.isRunningOn(node.name, vmid);
  if (action === 'start' && running) throw pveDie(`CT ${vmid} already running`);
  if ((action === 'stop' || action === 'shutdown') && !running) throw pveDie(`CT ${vmid} not running`);
  if (action === 'reboot' && !running) throw pveDie(`VM ${vmid} not running`);
  // start/stop/shutdown fork their worker under the config flock; reboot does not take it
  if (action !== 'reboot') await sim.waitConfigLock(vmid);

  return sim.tasks.start({
    node,
    type: TASK_TYPE[action],
    id: String(vmid),
    user: authid,
    durationMs: sim.settings.taskMs,
    commit: async () => {
      await sim.ensureRootfs(vmid);
      const ct = sim.loadConfig(node.name, vmid);
      const target = { vmid, rootDir: sim.rootDir(vmid), hostname: ct.config['hostname'] || `CT${vmid}` };
      if (action === 'start') {
        if (ct.config['template'] === '1') throw new Error("you can't start a CT if it's a template");
        if (!skiplock && ct.config['lock'] !== 'mounted') assertNotLocked(ct);
        if (ct.status === 'running') throw new Error(`CT ${vmid} already running`);
        startContainerNow(sim, ct);
        if (notifySandbox) await sim.sandbox.started(target);
      } else if (action === 'reboot') {
        if (ct.status !== 'running') throw new Error(`CT ${vmid} not running`);
        stopContainerNow(sim, ct);
        if (notifySandbox) await sim.sandbox.stopped(target);
        startContainerNow(sim, ct);
        if (notifySandbox) await sim.sandbox.started(target);
      } else {
        if (action === 'shutdown' || (!skiplock && ct.config['lock'] !== 'mounted')) assertNotLocked(ct);
        if (ct.status === 'running') {
          stopContainerNow(sim, ct);
          if (notifySandbox) await sim.sandbox.stopped(target);
        }
      }
    },
  });
}
