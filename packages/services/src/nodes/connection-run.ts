import { probeNodeSsh } from '../ssh';
import { testNodeConnection } from './connection-test';
import type { ConnectionTester } from './connection-remote';
import { externalOnlyLookup } from './targets';

/**
 * Runs a connection test in this process: the worker's handler of `testNodeConnection`, and the
 * tests that register nodes without a worker. The guard flags become connect-time lookups.
 */
export const runConnectionTest: ConnectionTester = (req) => {
  const guard = externalOnlyLookup();
  const { externalOnly, ssh, ...rest } = req;
  return testNodeConnection({ ...rest, lookup: externalOnly.api ? guard : undefined, ssh: ssh && { ...ssh, lookup: externalOnly.ssh ? guard : undefined } }, probeNodeSsh);
};
