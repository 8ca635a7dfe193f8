import { isPveError, type CallControl, type PveClient } from '@kiln/pve';
import { pveBudget } from '../containers/budget';
import type { GuestRow } from './snapshot';

/**
 * Guest IP addresses for the inventory, at no extra Proxmox VE cost for guests whose address did
 * not change. `/cluster/resources` (the poll) has no addresses, so they come from one more call
 * per guest: `.../lxc/{vmid}/interfaces` for a container, the QEMU guest agent's
 * `network-get-interfaces` for a VM. That call is made only when a running guest is new to the
 * snapshot, was stopped at the last poll, or restarted (its uptime went down); every other guest
 * keeps the addresses of the previous snapshot. A failed read (a VM whose agent is not up yet) is
 * retried after 30 s while the guest booted less than 5 minutes ago, then every 10 minutes. At most
 * `MAX_PER_POLL` reads per poll within POLL_BUDGET_MS, so a first poll of 900 guests is spread
 * over a few polls and a slow node does not hold the poll up.
 */
export const MAX_PER_POLL = 24;
const CONCURRENCY = 6;
/** The address reads of one poll share this budget: a slow node delays the next poll by no more. */
const POLL_BUDGET_MS = 8_000;
const RETRY_BOOTING_MS = 30_000;
const RETRY_MS = 600_000;
const BOOTING_S = 300;

/** Addresses worth showing: not loopback, not IPv6 link-local. */
function useful(ip: string): boolean {
  return !/^127\./.test(ip) && ip !== '::1' && !/^fe80:/i.test(ip);
}

/** IPv4 first, then IPv6, each in the order the guest reported them. */
function ordered(ips: string[]): string[] {
  const unique = [...new Set(ips.filter(useful))];
  return [...unique.filter((i) => !i.includes(':')), ...unique.filter((i) => i.includes(':'))];
}

/** Why a VM shows no address, in the words its page and the table use. */
export function addressNote(e: unknown): string {
  if (isPveError(e, 'permission')) return 'needs VM.GuestAgent.Audit';
  const text = isPveError(e) ? e.message : '';
  if (/guest agent is not running/i.test(text)) return 'agent not running';
  if (/No QEMU guest agent configured/i.test(text)) return 'no guest agent';
  return 'address unavailable';
}

/** Reads one running guest's addresses from Proxmox VE (`ctl`: a shared budget, default 4 s). */
export async function readAddresses(pve: PveClient, g: Pick<GuestRow, 'node' | 'vmid' | 'type'>, ctl: CallControl = { timeoutMs: 4_000 }): Promise<Pick<GuestRow, 'ips' | 'ipNote'>> {
  try {
    if (g.type === 'qemu') {
      const ifs = await pve.qemuAgentInterfaces(g.node, g.vmid, ctl);
      return { ips: ordered(ifs.filter((i) => i.name !== 'lo').flatMap((i) => i['ip-addresses'].map((a) => a['ip-address']))) };
    }
    const ifs = await pve.lxcInterfaces(g.node, g.vmid, ctl);
    // PVE 7 sends only inet/inet6; later releases add the structured list
    const ips = ifs.filter((i) => i.name !== 'lo').flatMap((i) => [...i.addresses.map((a) => a.address), ...[i.inet, i.inet6].map((c) => c?.split('/')[0] ?? '')]);
    return { ips: ordered(ips.filter(Boolean)) };
  } catch (e) {
    return { ips: [], ipNote: g.type === 'qemu' ? addressNote(e) : 'address unavailable' };
  }
}

/** Whether a running guest's addresses must be read again (see the module comment). */
export function addressesDue(g: GuestRow, prev: GuestRow | undefined, now: number): boolean {
  if (g.status !== 'running' || g.template) return false;
  if (!prev || prev.status !== 'running' || prev.ipsAt === undefined || prev.type !== g.type) return true;
  if ((g.uptime ?? 0) < (prev.uptime ?? 0)) return true;
  if (!prev.ipNote) return false;
  const wait = (g.uptime ?? 0) < BOOTING_S ? RETRY_BOOTING_MS : RETRY_MS;
  return now - prev.ipsAt >= wait;
}

/**
 * Fills `ips`/`ipNote` of a fresh snapshot's guests: carried over from `prev`, or read anew where
 * due (up to MAX_PER_POLL; the rest next time). Returns how many guests were read.
 */
export async function refreshAddresses(pve: PveClient, guests: GuestRow[], prevGuests: readonly GuestRow[], now = Date.now()): Promise<number> {
  const prevByVmid = new Map(prevGuests.map((g) => [g.vmid, g]));
  const due: GuestRow[] = [];
  for (const g of guests) {
    const prev = prevByVmid.get(g.vmid);
    if (addressesDue(g, prev, now)) {
      if (due.length < MAX_PER_POLL) due.push(g);
    } else if (g.status === 'running' && prev?.ipsAt !== undefined) {
      g.ips = prev.ips;
      if (prev.ipNote) g.ipNote = prev.ipNote;
      g.ipsAt = prev.ipsAt;
    }
  }
  let next = 0;
  let read = 0;
  const budget = pveBudget(POLL_BUDGET_MS);
  const worker = async (): Promise<void> => {
    while (next < due.length) {
      const ctl = budget();
      // out of time: the rest stay due (no `ipsAt`) and are read by a later poll
      if (ctl.signal.aborted) return;
      const g = due[next++]!;
      const found = await readAddresses(pve, g, ctl);
      if (ctl.signal.aborted) return; // cut short by the budget: read again next poll
      Object.assign(g, found, { ipsAt: now });
      read++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
  return read;
}
