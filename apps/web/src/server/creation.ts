import 'server-only';

/** The creation services, as the composition root (./services) builds them. */
export { creationActions, creationService } from './services';
