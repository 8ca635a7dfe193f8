/** Checks every pct subcommand shares: the CT's config exists on this node, it is running, the sandbox works. */
import type { SimContainerInfo } from '../../cluster-view';
import type { SandboxTarget } from '../../sandbox';
import type { CommandContext } from '../context';
import { PctError } from './args';

/** PVE::LXC::Config->load_config: only containers whose config lives on this node exist for pct. */
export function loadConfig(ctx: CommandContext, vmid: number): SimContainerInfo {
  const ct = ctx.view.getContainer(vmid);
  if (!ct || ct.node !== ctx.node) throw new PctError(`Configuration file 'nodes/${ctx.node}/lxc/${vmid}.conf' does not exist`);
  return ct;
}

export function requireRunning(ct: SimContainerInfo, message: string): void {
  if (ct.status !== 'running') throw new PctError(message);
}

/** In record-only mode nothing may run: say so clearly instead of running it on the host. */
export function requireSandbox(ctx: CommandContext, vmid: number): void {
  if (ctx.sandbox === 'namespaces') return;
  throw new PctError(
    `kiln-sim: not executed in CT ${vmid}: the simulator's sandbox is in record-only mode ` +
      `(${ctx.sandboxReason ?? 'namespaces unavailable'}); run the simulator as root on Linux to execute commands`,
  );
}

/** Seeded containers get their tree lazily: make sure it exists before anything runs in it. */
export async function prepareRootfs(ctx: CommandContext, ct: SimContainerInfo): Promise<void> {
  await ctx.view.prepareContainer?.(ct.vmid);
}

export function sandboxTarget(ct: SimContainerInfo): SandboxTarget {
  return { vmid: ct.vmid, rootDir: ct.rootDir, hostname: ct.hostname };
}
