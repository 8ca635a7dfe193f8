/** PVE's VMID range (pve-vmid format): 100 to 999999999, unique across the cluster. */
export const VMID_MIN = 100;
export const VMID_MAX = 999_999_999;

export function vmidRangeError(value: unknown): string | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return 'Enter a number.';
  if (!Number.isInteger(n)) return 'A VMID is a whole number.';
  if (n < VMID_MIN || n > VMID_MAX) return `A VMID is between ${VMID_MIN} and ${VMID_MAX}.`;
  return undefined;
}
