import 'server-only';
import { dashboardSummary as summary } from '@kiln/services';
import { deps } from '@/server/services';

export function dashboardSummary(userId: string) {
  return summary(deps().db, userId);
}
