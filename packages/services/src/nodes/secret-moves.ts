import { ValidationError } from '@kiln/core';
import type { Node } from '@kiln/db';
import type { NodeFormValues } from '../schemas/nodes';
import { normalizePin } from './connection-test';

type Stored = { tokenSecret?: string; sshPassword?: string; sshPrivateKey?: string };
type SavedEndpoints = Pick<Node, 'host' | 'apiPort' | 'tlsMode' | 'tlsFingerprint' | 'sshHost' | 'sshPort'>;

/**
 * A stored secret is only ever sent where it was saved. When an edit points the API (host, port,
 * trusted certificate) or SSH (host, port, hence host key) somewhere else, the secret for that
 * side has to be typed again; a blank field no longer means "keep the stored one".
 */
export function assertSecretsStayPut(saved: SavedEndpoints, values: NodeFormValues, stored: Stored): void {
  const fieldErrors: Record<string, string> = {};
  const newPin = values.trustFingerprint ? normalizePin(values.trustFingerprint) : undefined;
  const apiMoved =
    saved.host !== values.host ||
    saved.apiPort !== values.apiPort ||
    saved.tlsMode !== values.tlsMode ||
    (!!values.trustFingerprint && newPin !== (saved.tlsFingerprint ? normalizePin(saved.tlsFingerprint) : undefined));
  if (apiMoved && !values.tokenSecret && stored.tokenSecret) {
    fieldErrors.tokenSecret = 'Enter the API token secret again: the address or certificate changed, and Kiln only sends the stored secret to the node it was saved for.';
  }
  const sshMoved = (saved.sshHost || saved.host) !== (values.sshHost || values.host) || saved.sshPort !== values.sshPort;
  if (sshMoved && values.sshAuth === 'password' && !values.sshPassword && stored.sshPassword) {
    fieldErrors.sshPassword = 'Enter the SSH password again: the SSH address changed, and Kiln only sends the stored password to the host it was saved for.';
  }
  if (sshMoved && values.sshAuth === 'key' && !values.generateKey && stored.sshPrivateKey) {
    fieldErrors.generateKey = 'The SSH address changed: replace the key pair (and install the new public key there), so the stored key is only used with the host it was made for.';
  }
  const first = Object.values(fieldErrors)[0];
  if (first) throw new ValidationError(first, fieldErrors);
}
