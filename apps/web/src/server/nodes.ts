import 'server-only';

/** The node services, as the composition root (./services) builds them. */
export { nodeService, nodeShares, vmidService } from './services';
