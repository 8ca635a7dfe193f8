import 'server-only';

/**
 * The web process's container services, as the composition root builds them. `containerDeps`
 * is the process's stores for the container functions that take them (and for requestOperation).
 */
export { containerServices, deps as containerDeps } from '@/server/services';
