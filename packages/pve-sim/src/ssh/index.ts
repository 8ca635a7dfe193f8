export { startNodeSshServer, type NodeSshServer, type NodeSshServerOptions } from './server';
export { loadOrCreateHostKey, keyFingerprint } from './host-key';
