import { ValidationError } from '@kiln/core';

export interface ParsedUpid {
  upid: string;
  node: string;
  pid: number;
  /** Process start in clock ticks since boot: 8 hex digits, 9 on nodes up for more than ~497 days. */
  pstart: number;
  /** Unix seconds. */
  starttime: number;
  type: string;
  /** Task object id, often the VMID (`105`); may be empty. */
  id: string;
  /** `user@realm`, or `user@realm!token` when a token started the task. */
  user: string;
  /** The VMID when `id` is one. */
  vmid: number | undefined;
}

// UPID:{node}:{pid:08X}:{pstart:08X}:{starttime:08X}:{type}:{id}:{user}:
const UPID_RE = /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/;

export function parseUpid(upid: string): ParsedUpid {
  const m = UPID_RE.exec(upid.trim());
  if (!m) throw new ValidationError('Not a Proxmox VE task id (UPID).', { upid: 'Invalid UPID' });
  const [, node, pid, pstart, starttime, type, id, user] = m as unknown as [string, string, string, string, string, string, string, string];
  return {
    upid: upid.trim(),
    node,
    pid: parseInt(pid, 16),
    pstart: parseInt(pstart, 16),
    starttime: parseInt(starttime, 16),
    type,
    id,
    user,
    vmid: /^\d+$/.test(id) ? Number(id) : undefined,
  };
}

export function isUpid(value: string): boolean {
  return UPID_RE.test(value.trim());
}
