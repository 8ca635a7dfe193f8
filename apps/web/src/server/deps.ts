import 'server-only';
import { processDeps, type DataDeps } from '@kiln/services/health';

/** The process's database and Redis handles, for service functions that take them (the composition root's smallest part). */
export function deps(): DataDeps {
  return processDeps();
}
