import type { DemoNodeInfo } from '@kiln/config';
import { ValidationError } from '@kiln/core';
import type { NodeFormValues } from '../schemas/nodes';
import { normalizePin } from './connection-test';

type Endpoints = Pick<NodeFormValues, 'host' | 'apiPort' | 'sshHost' | 'sshPort'>;

/** Which halves of a form point at the bundled demo simulator (its API, its first node's SSH). */
export function demoEndpoints(values: Endpoints, demo: DemoNodeInfo | undefined): { api: boolean; ssh: boolean } {
  if (!demo) return { api: false, ssh: false };
  return {
    api: values.host === demo.host && values.apiPort === demo.apiPort,
    ssh: (values.sshHost || values.host) === demo.sshHost && values.sshPort === demo.sshPort,
  };
}

/**
 * Fills in the demo simulator's secrets (from its file on the server) for blank fields, but only
 * when the form still points at the simulator: the demo secrets never go to another address.
 */
export function withDemoSecrets<T extends NodeFormValues>(values: T, demo: DemoNodeInfo | undefined): T {
  if (!demo) throw new ValidationError('The demo simulator is not running. Start Kiln with `npm start` to use it.');
  const at = demoEndpoints(values, demo);
  const fieldErrors: Record<string, string> = {};
  if (!at.api) fieldErrors.host = `The demo secrets only work with the demo simulator at ${demo.host}:${demo.apiPort}. For another node, add it as a new node with its own token.`;
  if (!at.ssh) fieldErrors.sshHost = `The demo secrets only work with the demo simulator's SSH at ${demo.sshHost}:${demo.sshPort}.`;
  if (!fieldErrors.host && values.trustFingerprint && normalizePin(values.trustFingerprint) !== normalizePin(demo.tlsFingerprint)) {
    fieldErrors.host = 'This is not the demo simulator’s certificate: the demo secrets are not sent to it.';
  }
  if (Object.keys(fieldErrors).length) throw new ValidationError(Object.values(fieldErrors)[0]!, fieldErrors);
  return { ...values, tokenSecret: values.tokenSecret || demo.tokenSecret, sshPassword: values.sshPassword || demo.sshPassword };
}
