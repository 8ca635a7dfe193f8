import 'server-only';

/** The web process's template service, as the composition root builds it. */
export { templateService } from '@/server/services';
