import { paramError, pveDie } from '../http/errors';
import type { Sim } from '../sim';
import type { TaskRecord, VmRecord } from '../state/types';
import { assertVmNotLocked } from './facts';

export type VmPowerAction = 'start' | 'stop' | 'shutdown' | 'reboot' | 'reset' | 'suspend' | 'resume';

export const VM_POWER_ACTIONS: readonly VmPowerAction[] = ['start', 'stop', 'shutdown', 'reboot', 'reset', 'suspend', 'resume'];

const TASK_TYPE: Record<VmPowerAction, string> = {
  start: 'qmstart',
  stop: 'qmstop',
  shutdown: 'qmshutdown',
  reboot: 'qmreboot',
  reset: 'qmreset',
  suspend: 'qmsuspend',
  resume: 'qmresume',
};

export function startVmNow(sim: Sim, vm: VmRecord): void {
  const now = Date.now();
  vm.status = 'running';
  delete vm.paused;
  vm.startedAt = now;
  vm.pid = 100_000 + Math.floor(Math.random() * 3_000_000);
  vm.runs.push([now, null]);
  if (vm.runs.length > 200) vm.runs.splice(0, vm.runs.length - 200);
  sim.markDirty();
}

export function stopVmNow(sim: Sim, vm: VmRecord): void {
  vm.status = 'stopped';
  delete vm.paused;
  delete vm.startedAt;
  delete vm.pid;
  const last = vm.runs[vm.runs.length - 1];
  if (last && last[1] === null) last[1] = Date.now();
  sim.markDirty();
}

/**
 * `POST /nodes/{node}/qemu/{vmid}/status/<action>` (qemu-server's API2/Qemu.pm). Like PVE, some
 * refusals answer at once (500) and others fail the task: `start` checks "already running" inside
 * `vm_start`'s config lock (the task fails); reboot, reset, suspend and resume check
 * `check_running` before forking; `stop`/`shutdown` of a stopped VM end OK doing nothing.
 */
export function vmPowerAction(sim: Sim, authid: string, nodeName: string, vmid: number, action: VmPowerAction, params: Readonly<Record<string, string>>): TaskRecord {
  const node = sim.proxyNode(nodeName);
  const vm = sim.loadVmConfig(node.name, vmid);
  const skiplock = params['skiplock'] === '1';
  if (skiplock && authid !== 'root@pam') throw paramError({ skiplock: 'Only root may use this option.' });
  const running = vm.status === 'running';
  if ((action === 'shutdown' || action === 'reboot') && running && vm.paused && params['forceStop'] !== '1') throw pveDie('VM is paused - cannot shutdown');
  if ((action === 'reboot' || action === 'reset' || action === 'suspend' || action === 'resume') && !running) throw pveDie(`VM ${vmid} not running`);

  return sim.tasks.start({
    node,
    type: TASK_TYPE[action],
    id: String(vmid),
    user: authid,
    durationMs: sim.settings.taskMs,
    commit: () => {
      const cur = sim.loadVmConfig(node.name, vmid);
      if (!skiplock && !(action === 'resume' && cur.config['lock'] === 'suspended')) assertVmNotLocked(cur);
      switch (action) {
        case 'start':
          if (cur.config['template'] === '1') throw new Error("you can't start a vm if it's a template");
          if (cur.status === 'running') throw new Error(`VM ${vmid} already running`);
          startVmNow(sim, cur);
          return;
        case 'stop':
        case 'shutdown':
          if (cur.status === 'running') stopVmNow(sim, cur);
          return;
        case 'reboot':
        case 'reset':
          if (cur.status !== 'running') throw new Error(`VM ${vmid} not running`);
          stopVmNow(sim, cur);
          startVmNow(sim, cur);
          return;
        case 'suspend':
          if (cur.status !== 'running') throw new Error(`VM ${vmid} not running`);
          cur.paused = true;
          sim.markDirty();
          return;
        case 'resume':
          if (cur.status !== 'running') throw new Error(`VM ${vmid} not running`);
          delete cur.paused;
          sim.markDirty();
          return;
      }
    },
  });
}
