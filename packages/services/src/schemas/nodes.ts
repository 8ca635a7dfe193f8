import { z } from 'zod';

/** Shapes of the node form, shared by the browser form, the server action and the service. */
const hostname = z
  .string()
  .trim()
  .min(1, 'Enter the host name or IP address of the node.')
  .max(253, 'Use at most 253 characters.')
  .transform((s) => stripPort(s.replace(/^https?:\/\//i, '').replace(/\/.*$/, '')))
  .refine((s) => /^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(s) || /^\[?[0-9a-fA-F:]+\]?$/.test(s), 'Enter a host name or an IP address, without https:// or a path.');

/** "host:8006" or "[fd00::1]:8006" lose the port; a bare IPv6 address ("::1") keeps its last group. */
function stripPort(s: string): string {
  if (/^\[.*\]:\d+$/.test(s) || s.split(':').length === 2) return s.replace(/:\d+$/, '');
  return s;
}

const port = (label: string) =>
  z.coerce
    .number({ message: `${label} must be a number.` })
    .int(`${label} must be a whole number.`)
    .min(1, `${label} must be 1 to 65535.`)
    .max(65535, `${label} must be 1 to 65535.`);

export const TOKEN_ID_PATTERN = /^[A-Za-z0-9._@-]+@[A-Za-z0-9._-]+![A-Za-z][A-Za-z0-9._-]*$/;

export const nodeFormObject = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the node a name.')
    .max(64, 'Use at most 64 characters.')
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'Letters, digits, ".", "_" and "-" only.'),
  host: hostname,
  apiPort: port('The API port').default(8006),
  tokenId: z
    .string()
    .trim()
    .min(1, 'Enter the API token id, like kiln@pve!kiln.')
    .refine((s) => TOKEN_ID_PATTERN.test(s.split('=')[0] ?? ''), 'A token id looks like user@realm!tokenid (for example kiln@pve!kiln).'),
  /** Write-only: blank on edit keeps the stored secret. */
  tokenSecret: z.string().trim().max(200, 'That is too long for a token secret.').optional(),
  tlsMode: z.enum(['pinned', 'system']).default('pinned'),
  /** The fingerprint the user accepted after the first contact showed it. */
  trustFingerprint: z.string().trim().optional(),
  sshHost: z.string().trim().max(253).optional(),
  sshPort: port('The SSH port').default(22),
  sshUser: z
    .string()
    .trim()
    .min(1, 'Enter the SSH user (usually root).')
    .max(64)
    .regex(/^[a-z_][a-z0-9_.-]*$/i, 'Not a valid user name.')
    .default('root'),
  sshAuth: z.enum(['password', 'key']).default('password'),
  /** Write-only, like the token secret. */
  sshPassword: z.string().max(256, 'That password is too long.').optional(),
  /** Key mode: create a fresh key pair for this node (its public key is shown to install). */
  generateKey: z.boolean().optional(),
});

/** A pasted full token "user@realm!id=secret" fills both fields. */
export function splitPastedToken<T extends { tokenId: string; tokenSecret?: string }>(v: T): T {
  const eq = v.tokenId.lastIndexOf('=');
  if (eq > 0 && !v.tokenSecret) return { ...v, tokenId: v.tokenId.slice(0, eq), tokenSecret: v.tokenId.slice(eq + 1) };
  if (eq > 0) return { ...v, tokenId: v.tokenId.slice(0, eq) };
  return v;
}

export const nodeFormSchema = nodeFormObject.transform(splitPastedToken);

export type NodeFormInput = z.input<typeof nodeFormSchema>;
export type NodeFormValues = z.output<typeof nodeFormSchema>;

export const nodeIdSchema = z.object({ nodeId: z.uuid('Unknown node.') });

export const CHECK_KEYS = ['dns', 'connect', 'tls', 'token', 'version', 'cluster', 'privileges', 'features', 'ssh-login', 'ssh-hostkey', 'pct'] as const;
export type CheckKey = (typeof CHECK_KEYS)[number];
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip' | 'trust';

export interface NodeCheck {
  key: CheckKey;
  label: string;
  status: CheckStatus;
  message: string;
}

export interface NodeTestReport {
  checks: NodeCheck[];
  /** All API checks passed (the node can be saved). */
  apiOk: boolean;
  /** SSH checks passed (creation can use this node). */
  sshOk: boolean;
  /** First contact or a change: the certificate the user is asked to trust. */
  certificate?: { fingerprint: string; subject: string; issuer: string; validTo: string; changed: boolean; pinned?: string };
  sshHostKeyFingerprint?: string;
  pveVersion?: string;
  pveNodeName?: string;
  clusterName?: string;
  clusterNodes?: string[];
  missingPrivileges?: string[];
  /** Optional features the token lacks privileges for, and the pveum commands that grant them. */
  unavailableFeatures?: UnavailableFeature[];
}

export interface UnavailableFeature {
  feature: string;
  label: string;
  /** `VM.Backup on /vms (to back up containers ...)`. */
  missing: string[];
  grant: string[];
}

export const NODE_SHARE_ROLES = ['operator', 'viewer'] as const;

export const nodeShareInputSchema = z.object({
  nodeId: z.uuid('Unknown node.'),
  username: z.string().trim().toLowerCase().min(1, 'Enter the user name to share with.').max(64, 'Use at most 64 characters.'),
  role: z.enum(NODE_SHARE_ROLES, 'Choose operator or viewer.'),
});
export type NodeShareInput = z.output<typeof nodeShareInputSchema>;

export const revokeShareSchema = z.object({ nodeId: z.uuid('Unknown node.'), userId: z.uuid('Unknown user.') });
export type RevokeShareInput = z.output<typeof revokeShareSchema>;
