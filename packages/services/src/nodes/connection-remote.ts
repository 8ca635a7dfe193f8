import { randomUUID } from 'node:crypto';
import { AppError, type SecretContext } from '@kiln/core';
import { JobTimeoutError, requestJob, type JobData } from '@kiln/queue';
import type { Redis } from '@kiln/redis';
import { answer, unwrapAnswer } from '../containers/job-answer';
import { NODE_TEST_TTL_SECONDS, nodeTestKey } from '../keys';
import type { NodeTestReport } from '../schemas/nodes';
import { secretBox } from '../secrets';
import type { ConnectionTestInput } from './connection-test';
import type { SshProbeInput } from './ssh-probe';

/**
 * A connection test as data: what NodeService decided (address, secrets, pins) with the
 * connect-time guard as flags instead of functions, so it can travel to the worker.
 */
export interface ConnectionTestRequest extends Omit<ConnectionTestInput, 'lookup' | 'ssh'> {
  ssh?: Omit<SshProbeInput, 'timeoutMs' | 'lookup'>;
  /** Connect on behalf of a user who may not reach the Kiln host: each lookup goes through externalOnlyLookup. */
  externalOnly: { api: boolean; ssh: boolean };
}

export type ConnectionTester = (req: ConnectionTestRequest) => Promise<NodeTestReport>;

/** DNS, TLS, up to four API calls and an SSH probe, each bounded (10-15 s), plus the worker's pick-up. */
const TEST_WAIT_MS = 75_000;

const sealContext = (requestId: string): SecretContext => ({ table: 'NodeTest', id: requestId, field: 'input' });

/**
 * The web's side: the worker alone connects to nodes (house rule), so the test is asked of it.
 *
 * The test needs the token secret and the SSH password or key, and a node being added has no row
 * the worker could load them from. Job data stays an id: the input waits in Redis sealed with the
 * app key (AES-GCM, bound to this request id, so it opens nowhere else), for 90 s at most, and
 * the worker takes it once (GET+DEL). A Redis dump or a job listing shows no usable secret, and
 * the guard flags inside cannot be flipped without the key.
 */
export function remoteConnectionTest(redis: Redis): ConnectionTester {
  return async (req) => {
    const requestId = randomUUID();
    const key = nodeTestKey(requestId);
    await redis.set(key, secretBox().seal(JSON.stringify(req), sealContext(requestId)), 'EX', NODE_TEST_TTL_SECONDS);
    try {
      return unwrapAnswer<NodeTestReport>(await requestJob('testNodeConnection', { requestId }, { timeoutMs: TEST_WAIT_MS }));
    } catch (e) {
      if (e instanceof JobTimeoutError) throw new AppError('INTERNAL', 'Kiln’s worker did not answer in time to test the connection. Check that it is running, then try again.');
      throw e;
    } finally {
      await redis.del(key).catch(() => undefined);
    }
  };
}

/** The worker's side: takes the sealed input once and runs the test with `run` (runConnectionTest). */
export function serveConnectionTest(deps: { redis: Redis }, data: JobData<'testNodeConnection'>, run: ConnectionTester) {
  return answer(async () => {
    const key = nodeTestKey(data.requestId);
    const [[, sealed]] = (await deps.redis.multi().get(key).del(key).exec()) as [[Error | null, string | null], unknown];
    if (!sealed) throw new AppError('CONFLICT', 'This connection test expired before the worker took it. Try again.');
    return run(JSON.parse(secretBox().open(sealed, sealContext(data.requestId))) as ConnectionTestRequest);
  });
}
