import { markSeenInUse } from '../ippools/claims';
import { StepFailure } from './errors';
import type { CreationSpec } from './spec';
import type { StepContext, StepResult } from './step-context';

/**
 * A static address (typed or from a pool) is probed with `arping` from the node before the
 * container is created: a device Kiln cannot see in Proxmox VE (a printer, a laptop, a guest of
 * another hypervisor) that answers ARP for it fails the creation before anything is made. Best
 * effort: without SSH, on a VLAN-tagged interface (the node's bridge does not see tagged
 * neighbours untagged) or where `arping` is missing, the step says so and lets the creation go on.
 */
export const PROBE_STEP = { key: 'probe-address', title: 'Check that nothing answers on the address (arping)' } as const;

/** The fixed steps with the probe after the OS template when the address is static. */
export function withProbe<T extends { key: string; title: string }>(fixed: readonly T[], network: Pick<CreationSpec['network'], 'ipv4'>): (T | typeof PROBE_STEP)[] {
  if (network.ipv4 === 'dhcp') return [...fixed];
  const at = fixed.findIndex((s) => s.key === 'create');
  return [...fixed.slice(0, at), PROBE_STEP, ...fixed.slice(at)];
}

export async function probeAddress(ctx: StepContext): Promise<StepResult | 'skipped'> {
  const { ipv4, bridge, vlan } = ctx.spec.network;
  if (ipv4 === 'dhcp') return 'skipped';
  const ip = ipv4.cidr.split('/')[0] ?? '';
  if (!ctx.ssh) {
    ctx.output('SSH to this node is not working: the ARP probe is skipped.\n');
    return { data: { probed: false, why: 'no-ssh' } };
  }
  if (vlan) {
    ctx.output(`The interface is tagged (VLAN ${vlan}): an untagged ARP probe on ${bridge} would not reach it; skipped.\n`);
    return { data: { probed: false, why: 'vlan' } };
  }
  const res = await ctx.ssh.exec(['arping', '-c', '2', '-w', '3', '-I', bridge, ip], { timeout: 15_000, signal: ctx.signal });
  ctx.output(`${res.stdout}${res.stderr}`);
  if (res.exitCode === 0) {
    const mac = /\[([0-9A-Fa-f:]{17})\]/.exec(res.stdout)?.[1];
    // not handed out again by a pool right away: something Proxmox VE does not show may use it
    await markSeenInUse(ctx.db, ctx.container.userId, ip, `answered ARP on ${bridge}${mac ? ` (${mac})` : ''} from ${ctx.spec.pveNode}`);
    throw new StepFailure(`${ip} answers ARP on ${bridge}${mac ? ` (${mac})` : ''}: another device uses it. Delete this creation and choose another address.`, {
      exitCode: 0,
      outputTail: res.stdout.slice(-2000),
    });
  }
  if (res.exitCode === 1) return { data: { probed: true, answered: false } };
  ctx.output(`arping could not probe (exit ${res.exitCode}${res.exitCode === 127 ? ': not installed on the node' : ''}): skipped.\n`);
  return { data: { probed: false, exitCode: res.exitCode } };
}
