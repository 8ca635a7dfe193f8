/**
 * The small entry of the health route (`@kiln/services/health`): the process's stores and one
 * round trip to each, without loading the rest of services (SSH, PVE, queues). A web process that
 * only answers health checks so far stays small; the first page loads the rest.
 */
export { checkDependencies, type DependencyChecks } from './checks';
export { processDeps, type DataDeps } from '../deps';
