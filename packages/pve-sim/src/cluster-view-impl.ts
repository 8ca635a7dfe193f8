import type { SimClusterView, SimContainerInfo } from './cluster-view';
import { PveApiError } from './http/errors';
import { applyConfigChanges } from './lxc/apply-config';
import { parseConfigPropertyString } from './lxc/config-schema';
import { powerAction } from './lxc/power';
import { lookupProperty, validateParameters } from './schema/validate';
import type { Sim } from './sim';

/** `PVE::Exception` stringified the way `pct` prints it: `400 Parameter verification failed.` + lines. */
function cliMessage(err: PveApiError): string {
  let msg = err.status === 500 ? err.message : `${err.status} ${err.message}`;
  if (!msg.endsWith('\n')) msg += '\n';
  for (const [k, v] of Object.entries(err.errors ?? {})) msg += `${k}: ${v}\n`;
  return msg;
}

/**
 * The API side's state as the SSH side sees it (`pct` runs as root on the node): root may set
 * every option the schema knows, including the root-only ones refused to API tokens.
 */
export class ClusterViewImpl implements SimClusterView {
  constructor(private readonly sim: Sim) {}

  get nodeNames(): readonly string[] {
    return this.sim.state.nodes.map((n) => n.name);
  }

  arpNeighbour(bridge: string, ip: string): string | undefined {
    for (const ct of Object.values(this.sim.state.containers)) {
      if (ct.status !== 'running') continue;
      for (const key of Object.keys(ct.config).filter((k) => /^net\d+$/.test(k))) {
        const net = parseConfigPropertyString(key, ct.config[key] ?? '');
        if (net['bridge'] !== bridge) continue;
        const v4 = net['ip'] === 'dhcp' ? ct.leases[key] : net['ip'] !== 'manual' ? net['ip'] : undefined;
        if (v4?.split('/')[0] === ip) return (net['hwaddr'] ?? '00:00:00:00:00:00').toUpperCase();
      }
    }
    // VMs: the agent's view of the guest (the VM's bridge is not modelled apart from it)
    for (const vm of Object.values(this.sim.state.vms ?? {})) {
      if (vm.status !== 'running') continue;
      for (const i of vm.agentInterfaces) if (i.addresses.some((a) => a.split('/')[0] === ip)) return i.mac.toUpperCase();
    }
    return undefined;
  }

  getContainer(vmid: number): SimContainerInfo | undefined {
    const ct = this.sim.container(vmid);
    if (!ct) return undefined;
    return {
      vmid: ct.vmid,
      node: ct.node,
      hostname: ct.config['hostname'] || `CT${ct.vmid}`,
      status: ct.status,
      ...(ct.config['lock'] ? { lock: ct.config['lock'] } : {}),
      unprivileged: ct.config['unprivileged'] === '1',
      rootDir: this.sim.rootDir(ct.vmid),
      config: { ...ct.config },
    };
  }

  setContainerConfig(vmid: number, changes: Record<string, string>, deletes: readonly string[]): void {
    const ct = this.sim.container(vmid);
    if (!ct) throw new Error(`Configuration file 'nodes/${this.sim.localNode.name}/lxc/${vmid}.conf' does not exist\n`);
    const info = this.sim.index.method('PUT', '/nodes/{node}/lxc/{vmid}/config');
    const props = info?.parameters?.properties ?? {};
    const errors = validateParameters(info?.parameters, { node: ct.node, vmid: String(vmid), ...changes, ...(deletes.length ? { delete: deletes.join(',') } : {}) });
    // `pct set` also accepts raw `lxc.*` keys, which the API schema does not describe
    for (const key of Object.keys(changes)) if (key.startsWith('lxc.') && !lookupProperty(props, key)) delete errors[key];
    try {
      if (Object.keys(errors).length > 0) throw new PveApiError(400, 'Parameter verification failed.\n', errors);
      const conf = { ...ct.config };
      applyConfigChanges({ sim: this.sim, vmid, node: ct.node, creating: false, allocated: [] }, conf, changes, deletes);
      ct.config = conf;
      this.sim.markDirty();
    } catch (err) {
      if (err instanceof PveApiError) throw new Error(cliMessage(err), { cause: err });
      throw err;
    }
  }

  prepareContainer(vmid: number): Promise<void> {
    return this.sim.ensureRootfs(vmid);
  }

  async startContainer(vmid: number): Promise<void> {
    await this.power(vmid, 'start');
  }

  async stopContainer(vmid: number): Promise<void> {
    await this.power(vmid, 'stop');
  }

  private async power(vmid: number, action: 'start' | 'stop'): Promise<void> {
    const ct = this.sim.container(vmid);
    const node = ct?.node ?? this.sim.localNode.name;
    let task;
    try {
      task = await powerAction(this.sim, 'root@pam', node, vmid, action, {}, false);
    } catch (err) {
      if (err instanceof PveApiError) throw new Error(cliMessage(err), { cause: err });
      throw err;
    }
    const done = await this.sim.tasks.wait(task);
    if (done.exitstatus !== 'OK') throw new Error(`${done.exitstatus ?? 'task failed'}\n`);
  }
}
