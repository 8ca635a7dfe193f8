import 'server-only';
import { listChecks } from '@kiln/services';
import { deps } from '@/server/deps';

/** A container's service checks with their last 24 h, or null when the user cannot see its Kiln row. */
export const checksFor = (userId: string, ref: { nodeId: string; vmid: number }) => listChecks(deps().db, userId, ref);
export type { CheckView } from '@kiln/services';
