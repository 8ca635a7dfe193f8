import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '@kiln/core';
import { deleteNodeRow, insertNode, nodeNameTaken, recordAudit, setDefaultNode, updateNodeRow, type Db, type PublicNode } from '@kiln/db';
import type { NodeFormValues, NodeTestReport } from '../schemas/nodes';
import { nodeSecret, secretBox } from '../secrets';
import type { DemoNodeInfo } from '@kiln/config';
import { nodeForRole } from './access';
import { demoEndpoints, withDemoSecrets } from './demo';
import { assertSecretsStayPut } from './secret-moves';
import { assertExternalTargets, type NodeTarget } from './targets';
import type { ConnectionTester } from './connection-remote';

export interface Actor {
  id: string;
  username: string;
  /** Admins may register nodes on the Kiln host's own addresses (see assertExternalTargets). */
  role?: 'admin' | 'user';
  ip?: string;
}

export interface SaveNodeResult {
  saved: boolean;
  node?: PublicNode;
  report: NodeTestReport;
  /** Key mode: the public key to install on the node (never the private key). */
  publicKey?: string;
}

export interface NodeServiceDeps {
  db: Db;
  /** Runs the connection test: in the web process it asks the worker (remoteConnectionTest), which alone connects. */
  connectionTest: ConnectionTester;
  generateKeyPair: (label: string) => Promise<{ publicKey: string; privateKey: string }>;
  /** KILN_ALLOW_LOOPBACK_NODES: everyone may use loopback and link-local targets. */
  allowLoopbackNodes?: boolean;
  /** The bundled demo simulator, when `npm start` runs one. */
  demoNode?: () => DemoNodeInfo | undefined;
}

export interface SaveOptions {
  /** "Add demo node": the server fills in the simulator's secrets from its file. */
  useDemoSecrets?: boolean;
}

type StoredSecrets = { tokenSecret?: string; sshPassword?: string; sshPrivateKey?: string; sshPublicKey?: string | null };

/**
 * Registers and edits nodes. Saving always runs the connection test first: a node is saved only
 * when its API checks pass; SSH problems save with a warning and block creation on that node.
 */
export class NodeService {
  constructor(private readonly deps: NodeServiceDeps) {}

  async save(actor: Actor, form: NodeFormValues, nodeId?: string, opts: SaveOptions = {}): Promise<SaveNodeResult> {
    const { db } = this.deps;
    const demo = this.deps.demoNode?.();
    const values = opts.useDemoSecrets ? withDemoSecrets(form, demo) : form;
    const guard = await this.assertTargetsAllowed(actor, values, demo);
    const existing = nodeId ? (await nodeForRole(db, actor.id, nodeId, 'owner')).node : undefined;
    if (await nodeNameTaken(db, actor.id, values.name, nodeId)) {
      throw new ConflictError('You already have a node with this name.', { name: 'You already have a node with this name.' });
    }
    const id = existing?.id ?? randomUUID();
    const box = secretBox();
    const stored: StoredSecrets = {};
    if (existing) {
      stored.tokenSecret = box.open(existing.tokenSecretEnc, nodeSecret(id, 'tokenSecret'));
      if (existing.sshPasswordEnc) stored.sshPassword = box.open(existing.sshPasswordEnc, nodeSecret(id, 'sshPassword'));
      if (existing.sshPrivateKeyEnc) stored.sshPrivateKey = box.open(existing.sshPrivateKeyEnc, nodeSecret(id, 'sshPrivateKey'));
      stored.sshPublicKey = existing.sshPublicKey;
    }
    if (existing) assertSecretsStayPut(existing, values, stored);
    const tokenSecret = values.tokenSecret || stored.tokenSecret;
    if (!tokenSecret) throw new ValidationError('Enter the API token secret.', { tokenSecret: 'Enter the API token secret.' });

    let sshPassword: string | undefined;
    let sshPrivateKey: string | undefined;
    let sshPublicKey: string | null | undefined;
    if (values.sshAuth === 'password') {
      sshPassword = values.sshPassword || stored.sshPassword;
    } else if (values.generateKey || !stored.sshPrivateKey) {
      const pair = await this.deps.generateKeyPair(`kiln-${values.name}`);
      sshPrivateKey = pair.privateKey;
      sshPublicKey = pair.publicKey;
    } else {
      sshPrivateKey = stored.sshPrivateKey;
      sshPublicKey = stored.sshPublicKey;
    }

    // A changed host or port means a different machine: never carry the old pins over.
    const sameEndpoint = existing && existing.host === values.host && existing.apiPort === values.apiPort;
    const pinned = values.trustFingerprint || (sameEndpoint ? (existing.tlsFingerprint ?? undefined) : undefined);
    const sshHost = values.sshHost || values.host;
    const sameSsh = existing && (existing.sshHost ?? existing.host) === sshHost && existing.sshPort === values.sshPort;

    const report = await this.deps.connectionTest({
      host: values.host,
      apiPort: values.apiPort,
      tokenId: values.tokenId,
      tokenSecret,
      tlsMode: values.tlsMode,
      pinnedFingerprint: values.tlsMode === 'pinned' ? pinned : undefined,
      externalOnly: guard,
      ssh: {
        host: sshHost,
        port: values.sshPort,
        username: values.sshUser,
        password: sshPassword,
        privateKey: sshPrivateKey,
        expectedHostKey: sameSsh ? (existing.sshHostKeyFingerprint ?? undefined) : undefined,
      },
    });

    if (!report.apiOk) {
      // A certificate waiting for the user's "trust it" is a question, not a failed attempt.
      const failed = report.checks.filter((c) => c.status === 'fail').map((c) => c.key);
      if (failed.length > 0) {
        await recordAudit(db, {
          userId: actor.id,
          actor: actor.username,
          action: existing ? 'node.update' : 'node.create',
          outcome: 'failure',
          targetType: 'node',
          targetId: existing?.id,
          targetName: values.name,
          ip: actor.ip,
          detail: { failed },
        });
      }
      // A key generated for a node that was not saved is discarded: it was never shown to install.
      return { saved: false, report };
    }

    const sshFailed = report.checks.find((c) => c.key.startsWith('ssh') || c.key === 'pct') && !report.sshOk;
    const sshError = sshFailed
      ? report.checks
          .filter((c) => (c.key.startsWith('ssh') || c.key === 'pct') && c.status === 'warn')
          .map((c) => c.message)
          .join(' ') || 'SSH is not working.'
      : null;
    const data = {
      name: values.name,
      host: values.host,
      apiPort: values.apiPort,
      tokenId: values.tokenId,
      tokenSecretEnc: box.seal(tokenSecret, nodeSecret(id, 'tokenSecret')),
      tlsMode: values.tlsMode,
      tlsFingerprint: values.tlsMode === 'pinned' ? (report.certificate?.fingerprint ?? pinned ?? null) : null,
      sshHost: values.sshHost || null,
      sshPort: values.sshPort,
      sshUser: values.sshUser,
      sshAuth: values.sshAuth,
      sshPasswordEnc: sshPassword ? box.seal(sshPassword, nodeSecret(id, 'sshPassword')) : null,
      sshPrivateKeyEnc: sshPrivateKey ? box.seal(sshPrivateKey, nodeSecret(id, 'sshPrivateKey')) : null,
      sshPublicKey: values.sshAuth === 'key' ? (sshPublicKey ?? null) : null,
      sshHostKeyFingerprint: report.sshHostKeyFingerprint ?? (sameSsh ? existing.sshHostKeyFingerprint : null) ?? null,
      sshState: report.sshOk ? ('ok' as const) : ('failed' as const),
      sshError,
      pveNodeName: report.pveNodeName ?? null,
      clusterName: report.clusterName ?? null,
      pveVersion: report.pveVersion ?? null,
      lastCheckAt: new Date(),
      lastCheck: JSON.parse(JSON.stringify(report)) as object,
    };
    const node = existing ? await updateNodeRow(db, actor.id, id, data) : await insertNode(db, { id, userId: actor.id, ...data });
    await recordAudit(db, {
      userId: actor.id,
      actor: actor.username,
      action: existing ? 'node.update' : 'node.create',
      outcome: 'success',
      targetType: 'node',
      targetId: id,
      targetName: values.name,
      ip: actor.ip,
      detail: { ssh: report.sshOk ? 'ok' : 'failed' },
    });
    return { saved: true, node, report, publicKey: data.sshPublicKey ?? undefined };
  }

  /** Runs the connection test again with the stored settings ("Test again" after installing a key). */
  async retest(actor: Actor, nodeId: string): Promise<SaveNodeResult> {
    const { node: n } = await nodeForRole(this.deps.db, actor.id, nodeId, 'owner');
    return this.save(
      actor,
      {
        name: n.name,
        host: n.host,
        apiPort: n.apiPort,
        tokenId: n.tokenId,
        tlsMode: n.tlsMode,
        sshHost: n.sshHost ?? undefined,
        sshPort: n.sshPort,
        sshUser: n.sshUser,
        sshAuth: n.sshAuth,
      },
      nodeId,
    );
  }

  /**
   * Non-admins may not point the connection test at the Kiln host itself (the demo node excepted).
   * Checked before the test for a clear field error, and again by the lookup of each connection
   * it makes (the flags returned: externalOnlyLookup where the test runs), so a name cannot
   * resolve to an outside address for the check and to the Kiln host for the connection.
   */
  private async assertTargetsAllowed(actor: Actor, values: NodeFormValues, demo: DemoNodeInfo | undefined): Promise<{ api: boolean; ssh: boolean }> {
    if (actor.role === 'admin' || this.deps.allowLoopbackNodes) return { api: false, ssh: false };
    const onDemo = demoEndpoints(values, demo);
    const targets: NodeTarget[] = [];
    if (!onDemo.api) targets.push({ field: 'host', host: values.host });
    if (!onDemo.ssh) targets.push({ field: 'sshHost', host: values.sshHost || values.host });
    await assertExternalTargets(targets);
    return { api: !onDemo.api, ssh: !onDemo.ssh };
  }

  async remove(actor: Actor, nodeId: string): Promise<void> {
    await nodeForRole(this.deps.db, actor.id, nodeId, 'owner');
    try {
      const node = await deleteNodeRow(this.deps.db, actor.id, nodeId);
      await recordAudit(this.deps.db, {
        userId: actor.id,
        actor: actor.username,
        action: 'node.delete',
        outcome: 'success',
        targetType: 'node',
        targetId: nodeId,
        targetName: node.name,
        ip: actor.ip,
      });
    } catch (e) {
      if (e instanceof ConflictError) {
        await recordAudit(this.deps.db, {
          userId: actor.id,
          actor: actor.username,
          action: 'node.delete',
          outcome: 'failure',
          targetType: 'node',
          targetId: nodeId,
          ip: actor.ip,
          detail: { reason: e.message },
        });
      }
      throw e;
    }
  }

  async makeDefault(actor: Actor, nodeId: string): Promise<void> {
    await setDefaultNode(this.deps.db, actor.id, nodeId);
    await recordAudit(this.deps.db, { userId: actor.id, actor: actor.username, action: 'node.default', outcome: 'success', targetType: 'node', targetId: nodeId, ip: actor.ip });
  }
}
