import 'server-only';
import { ipPoolChoices, listIpPools } from '@kiln/services';
import { deps } from '@/server/deps';

/** The Settings page: the user's pools with usage (Kiln's allocations and every guest's addresses). */
export function ipPoolsFor(userId: string) {
  return listIpPools(deps(), userId);
}

/** The wizard's network step: the user's pools (filtered by bridge in the browser). */
export function ipPoolChoicesFor(userId: string) {
  return ipPoolChoices(deps().db, userId);
}
