import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { isAppError } from '@kiln/core';
import { PveClient, normalizeFingerprint, probeCertificate, renderFeatureGrantCommands, type CertificateInfo, type PveError } from '@kiln/pve';
import { nodeApiUrl } from './pve-client';
import { INTERNAL_TARGET_CODE, INTERNAL_TARGET_MESSAGE } from './targets';
import type { CheckKey, CheckStatus, NodeCheck, NodeTestReport } from '../schemas/nodes';
import type { SshProbeInput, SshProber } from './ssh-probe';

const LABELS: Record<CheckKey, string> = {
  dns: 'Host name',
  connect: 'Connection',
  tls: 'TLS certificate',
  token: 'API token',
  version: 'Proxmox VE version',
  cluster: 'Cluster members',
  privileges: 'Privileges',
  features: 'Optional features',
  'ssh-login': 'SSH login',
  'ssh-hostkey': 'SSH host key',
  pct: 'pct tool',
};

export interface ConnectionTestInput {
  host: string;
  apiPort: number;
  tokenId: string;
  tokenSecret: string;
  tlsMode: 'pinned' | 'system';
  /** The fingerprint already pinned for this node, or the one the user just accepted. */
  pinnedFingerprint?: string;
  ssh?: Omit<SshProbeInput, 'timeoutMs'>;
  timeoutMs?: number;
  /** Name resolution for the API connections (see externalOnlyLookup). */
  lookup?: LookupFunction;
}

function asPveError(e: unknown): PveError | undefined {
  return isAppError(e) && e.code === 'PVE' ? (e as PveError) : undefined;
}

/**
 * Runs every check of "Test on save" in order and reports each one with its own result. API
 * checks stop at the first failure (later ones would only repeat it); SSH checks run whenever the
 * API side got far enough to know the node, and their failure only warns.
 */
export async function testNodeConnection(input: ConnectionTestInput, sshProbe: SshProber): Promise<NodeTestReport> {
  const checks: NodeCheck[] = [];
  const report: NodeTestReport = { checks, apiOk: false, sshOk: false };
  const add = (key: CheckKey, status: CheckStatus, message: string) => checks.push({ key, label: LABELS[key], status, message });
  const skipRest = (keys: CheckKey[], why: string) => keys.forEach((k) => add(k, 'skip', why));
  const timeout = input.timeoutMs ?? 10_000;

  // 1. DNS
  try {
    const addr = await lookup(input.host);
    add('dns', 'ok', input.host === addr.address ? `IP address ${addr.address}` : `${input.host} resolves to ${addr.address}`);
  } catch {
    add('dns', 'fail', `The host name ${input.host} could not be resolved. Check the spelling or use the IP address.`);
    skipRest(['connect', 'tls', 'token', 'version', 'cluster', 'privileges', 'features', 'ssh-login', 'ssh-hostkey', 'pct'], 'Skipped: the host name does not resolve.');
    return report;
  }

  // 2-3. TCP connect and TLS certificate (trust on first use)
  let cert: CertificateInfo;
  try {
    cert = await probeCertificate(input.host, input.apiPort, { timeout, lookup: input.lookup });
    add('connect', 'ok', `Port ${input.apiPort} answers with TLS.`);
  } catch (e) {
    const pe = asPveError(e);
    const msg =
      pe?.transportCode === INTERNAL_TARGET_CODE
        ? INTERNAL_TARGET_MESSAGE
        : pe?.unreachableCause === 'refused'
          ? `Connection refused on port ${input.apiPort}. Check the port (usually 8006) and that pveproxy runs.`
          : pe?.unreachableCause === 'timeout'
            ? `Connecting to ${input.host}:${input.apiPort} timed out. Check the address and firewalls.`
            : pe?.unreachableCause === 'dns'
              ? `The host name ${input.host} could not be resolved.`
              : `Could not connect: ${pe?.message ?? 'unknown error'}.`;
    add('connect', 'fail', msg);
    skipRest(['tls', 'token', 'version', 'cluster', 'privileges', 'features'], 'Skipped: no connection.');
    await sshChecks(input, sshProbe, report, add);
    return report;
  }

  const certInfo = { fingerprint: cert.fingerprint256, subject: cert.subject, issuer: cert.issuer, validTo: cert.validTo.toISOString() };
  let pin: string | undefined;
  if (input.tlsMode === 'pinned') {
    if (!input.pinnedFingerprint) {
      report.certificate = { ...certInfo, changed: false };
      add(
        'tls',
        'trust',
        `First contact: the node presents a certificate with SHA-256 fingerprint ${cert.fingerprint256}. Compare it with the one in the Proxmox UI (node → System → Certificates) and trust it to continue.`,
      );
      skipRest(['token', 'version', 'cluster', 'privileges', 'features'], 'Waiting for you to trust the certificate.');
      await sshChecks(input, sshProbe, report, add);
      return report;
    }
    if (normalizePin(input.pinnedFingerprint) !== cert.fingerprint256) {
      report.certificate = { ...certInfo, changed: true, pinned: input.pinnedFingerprint };
      add('tls', 'fail', `The certificate changed: pinned ${input.pinnedFingerprint}, presented ${cert.fingerprint256}. Kiln refuses to connect until you check why and trust the new one.`);
      skipRest(['token', 'version', 'cluster', 'privileges', 'features'], 'Skipped: the certificate does not match the pinned fingerprint.');
      await sshChecks(input, sshProbe, report, add);
      return report;
    }
    pin = cert.fingerprint256;
    add('tls', 'ok', `Pinned SHA-256 fingerprint ${cert.fingerprint256} matches.`);
  } else if (!cert.trustedBySystem) {
    add('tls', 'fail', `The certificate (issued by ${cert.issuer}) is not trusted by this system's CA store. Use "pinned fingerprint" mode for a self-signed certificate.`);
    skipRest(['token', 'version', 'cluster', 'privileges', 'features'], 'Skipped: untrusted certificate.');
    await sshChecks(input, sshProbe, report, add);
    return report;
  } else {
    add('tls', 'ok', `Trusted by the system CA store (issued by ${cert.issuer}).`);
  }

  // 4-7. API checks with the token, over the verified connection
  const client = new PveClient({
    baseUrl: nodeApiUrl(input.host, input.apiPort),
    token: { tokenId: input.tokenId, secret: input.tokenSecret },
    fingerprint: pin,
    timeoutMs: timeout,
    retry: { maxAttempts: 1 },
    lookup: input.lookup,
  });
  try {
    const version = await client.version().catch((e: unknown) => {
      const pe = asPveError(e);
      if (pe?.kind === 'auth') add('token', 'fail', `The token was rejected (401). Check the token id ${input.tokenId} and its secret, and that the token has not expired.`);
      else if (pe?.kind === 'tls-mismatch') add('token', 'fail', pe.message);
      else add('token', 'fail', pe?.userMessage ?? 'The API did not answer.');
      return undefined;
    });
    if (!version) {
      skipRest(['version', 'cluster', 'privileges', 'features'], 'Skipped: the token does not work.');
      await sshChecks(input, sshProbe, report, add);
      return report;
    }
    add('token', 'ok', `Token ${input.tokenId} accepted.`);
    report.pveVersion = version.version;
    const major = Number(version.version.split('.')[0]);
    add('version', major >= 8 ? 'ok' : 'warn', major >= 8 ? `Proxmox VE ${version.version}` : `Proxmox VE ${version.version}: Kiln is tested with 8.x and 9.x.`);

    try {
      const status = await client.clusterStatus();
      const cluster = status.find((s) => s.type === 'cluster');
      const members = status.filter((s): s is Extract<typeof s, { type: 'node' }> => s.type === 'node');
      const local = members.find((m) => m.local) ?? members[0];
      report.pveNodeName = local?.name;
      report.clusterName = cluster?.name;
      report.clusterNodes = members.map((m) => m.name).sort();
      const offline = members.filter((m) => !m.online).map((m) => m.name);
      add(
        'cluster',
        offline.length ? 'warn' : 'ok',
        cluster
          ? `Cluster ${cluster.name}: ${report.clusterNodes.join(', ')}${offline.length ? ` (offline: ${offline.join(', ')})` : ''}; this is ${local?.name ?? '?'}.`
          : `Standalone node ${local?.name ?? '?'}.`,
      );
    } catch (e) {
      add('cluster', 'fail', asPveError(e)?.userMessage ?? 'Could not read the cluster status.');
    }

    try {
      const privileges = await client.privilegeReport();
      report.missingPrivileges = privileges.missing.map((m) => `${m.privilege} on ${m.path}`);
      add(
        'privileges',
        privileges.ok ? 'ok' : 'fail',
        privileges.ok
          ? `All ${privileges.required.filter((r) => !r.feature).length} privileges Kiln needs are granted.`
          : `Missing: ${privileges.missing.map((m) => `${m.privilege} on ${m.path} (to ${m.purpose})`).join('; ')}. See the least-privilege setup below.`,
      );
      // An optional feature without its privileges is a warning: the node works, that feature does not.
      const off = privileges.features.filter((f) => !f.available);
      report.unavailableFeatures = off.map((f) => ({
        feature: f.feature,
        label: f.label,
        missing: f.missing.map((m) => `${m.privilege} on ${m.path} (to ${m.purpose})`),
        grant: renderFeatureGrantCommands(input.tokenId, f.missing),
      }));
      add(
        'features',
        off.length ? 'warn' : 'ok',
        off.length
          ? `Unavailable: ${off.map((f) => `${f.label} (missing ${f.missing.map((m) => `${m.privilege} on ${m.path}`).join(', ')})`).join('; ')}. The node's settings page shows the pveum commands that grant them.`
          : `All optional features are available (${privileges.features.map((f) => f.label).join(', ')}).`,
      );
    } catch (e) {
      add('privileges', 'fail', asPveError(e)?.userMessage ?? 'Could not read the token privileges.');
      add('features', 'skip', 'Skipped: the token privileges could not be read.');
    }
  } finally {
    await client.close();
  }

  report.apiOk = checks.filter((c) => ['dns', 'connect', 'tls', 'token', 'version', 'cluster', 'privileges', 'features'].includes(c.key)).every((c) => c.status === 'ok' || c.status === 'warn');
  await sshChecks(input, sshProbe, report, add);
  return report;
}

async function sshChecks(input: ConnectionTestInput, sshProbe: SshProber, report: NodeTestReport, add: (k: CheckKey, s: CheckStatus, m: string) => void): Promise<void> {
  const ssh = input.ssh;
  if (!ssh || (!ssh.password && !ssh.privateKey)) {
    add('ssh-login', 'warn', 'No SSH credentials: containers can be listed and managed, but Kiln cannot create or provision them on this node.');
    add('ssh-hostkey', 'skip', 'Skipped: no SSH credentials.');
    add('pct', 'skip', 'Skipped: no SSH credentials.');
    return;
  }
  const res = await sshProbe({ ...ssh, timeoutMs: input.timeoutMs });
  if (res.ok) {
    report.sshOk = res.pctPresent;
    report.sshHostKeyFingerprint = res.hostKeyFingerprint;
    add('ssh-login', 'ok', `Signed in as ${ssh.username}@${ssh.host}:${ssh.port}.`);
    add('ssh-hostkey', 'ok', ssh.expectedHostKey ? `Host key matches the pinned ${res.hostKeyFingerprint}.` : `First contact: host key ${res.hostKeyFingerprint} will be pinned.`);
    add('pct', res.pctPresent ? 'ok' : 'warn', res.pctPresent ? '`pct` is available.' : '`pct` was not found: is this a Proxmox VE node?');
    return;
  }
  report.sshHostKeyFingerprint = res.hostKeyFingerprint;
  if (res.stage === 'host-key') {
    add('ssh-login', 'skip', 'Skipped: the host key does not match.');
    add('ssh-hostkey', 'warn', res.message);
  } else {
    add('ssh-login', 'warn', res.message);
    add('ssh-hostkey', res.hostKeyFingerprint ? 'ok' : 'skip', res.hostKeyFingerprint ? `Host key ${res.hostKeyFingerprint}.` : 'Skipped: no SSH connection.');
  }
  add('pct', 'skip', 'Skipped: no SSH session.');
}

/** The pin in PVE's form; a malformed one can never match a certificate. */
export function normalizePin(fp: string): string | undefined {
  try {
    return normalizeFingerprint(fp);
  } catch {
    return undefined;
  }
}
