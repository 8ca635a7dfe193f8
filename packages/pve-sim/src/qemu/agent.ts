import { pveDie } from '../http/errors';
import type { VmRecord } from '../state/types';
import { agentSetting } from './facts';

interface QgaAddress {
  'ip-address': string;
  'ip-address-type': 'ipv4' | 'ipv6';
  prefix: number;
}

interface QgaInterface {
  name: string;
  'hardware-address': string;
  'ip-addresses': QgaAddress[];
  statistics: Record<string, number>;
}

/**
 * `PVE::QemuServer::Agent::agent_available`: the agent must be configured, the VM running and
 * `qemu-ga` answering the ping on its socket, in that order, each with its own text.
 */
export function assertAgentAvailable(vm: VmRecord): void {
  if (agentSetting(vm) === 'none') throw pveDie('No QEMU guest agent configured');
  if (vm.status !== 'running') throw pveDie(`VM ${vm.vmid} is not running`);
  if (agentSetting(vm) !== 'enabled' || !vm.agentRunning || vm.paused) throw pveDie('QEMU guest agent is not running');
}

function address(cidr: string): QgaAddress {
  const [ip = '', prefix] = cidr.split('/');
  const v6 = ip.includes(':');
  return { 'ip-address': ip, 'ip-address-type': v6 ? 'ipv6' : 'ipv4', prefix: Number(prefix ?? (v6 ? 64 : 24)) };
}

const statistics = (seed: number): Record<string, number> => ({
  'rx-bytes': 1_000_000 + seed * 137,
  'rx-dropped': 0,
  'rx-errs': 0,
  'rx-packets': 9000 + seed,
  'tx-bytes': 400_000 + seed * 71,
  'tx-dropped': 0,
  'tx-errs': 0,
  'tx-packets': 4000 + seed,
});

/** `GET .../agent/network-get-interfaces`: the guest-agent command's JSON, wrapped in `result`. */
export function agentNetworkInterfaces(vm: VmRecord): { result: QgaInterface[] } {
  assertAgentAvailable(vm);
  const lo: QgaInterface = {
    name: 'lo',
    'hardware-address': '00:00:00:00:00:00',
    'ip-addresses': [address('127.0.0.1/8'), address('::1/128')],
    statistics: statistics(0),
  };
  return {
    result: [lo, ...vm.agentInterfaces.map((i, k) => ({ name: i.name, 'hardware-address': i.mac.toLowerCase(), 'ip-addresses': i.addresses.map(address), statistics: statistics(vm.vmid + k) }))],
  };
}
