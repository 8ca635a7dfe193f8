/** `UPID:{node}:{pid:08X}:{pstart:08X}:{starttime:08X}:{type}:{id}:{user}:` (`PVE::Tools::upid_encode`). */
export interface UpidParts {
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
}

const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');

export function encodeUpid(p: UpidParts): string {
  return `UPID:${p.node}:${hex8(p.pid)}:${hex8(p.pstart)}:${hex8(p.starttime)}:${p.type}:${p.id}:${p.user}:`;
}

/** `upid_decode`; undefined when the text is not a UPID. `pstart` may have 8 or 9 hex digits. */
export function decodeUpid(upid: string): UpidParts | undefined {
  const m = /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s]+):([^:\s]*):([^:\s]+):$/.exec(upid);
  if (!m?.[1] || !m[3] || !m[4] || !m[5] || !m[6] || m[7] === undefined || !m[8]) return undefined;
  return {
    node: m[1],
    pid: parseInt(m[3], 16),
    pstart: parseInt(m[4], 16),
    starttime: parseInt(m[5], 16),
    type: m[6],
    id: m[7],
    user: m[8],
  };
}
