'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import type { NodeTestReport } from '@kiln/services/schemas';
import { FormAlert, FormField } from '@/components/form-field';
import { applyActionErrors } from '@/lib/action-errors';
import { saveNodeAction } from '../actions/save-node';
import { saveNodeInputSchema, type SaveNodeInput } from '../schemas';
import { CheckList } from './check-list';
import { CopyButton } from './copy-button';

export interface NodeFormProps {
  nodeId?: string;
  defaults: Partial<SaveNodeInput>;
  stored?: { tokenSecret: boolean; sshPassword: boolean; sshKey: boolean; sshPublicKey?: string | null };
}

/** Add or edit a node. Saving runs the connection test; secrets are write-only. */
export function NodeForm({ nodeId, defaults, stored }: NodeFormProps) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const [report, setReport] = useState<NodeTestReport>();
  const [saved, setSaved] = useState<{ publicKey?: string }>();
  const { register, handleSubmit, setError, setValue, watch, formState } = useForm<SaveNodeInput>({
    resolver: zodResolver(saveNodeInputSchema),
    defaultValues: { apiPort: 8006, tlsMode: 'pinned', sshPort: 22, sshUser: 'root', sshAuth: 'password', ...defaults, nodeId },
  });
  const { errors } = formState;
  const { executeAsync, isPending } = useAction(saveNodeAction);
  const sshAuth = watch('sshAuth');
  const tlsMode = watch('tlsMode');
  const demo = !!defaults.useDemoSecrets;

  async function submit(values: SaveNodeInput) {
    setFormError(undefined);
    setSaved(undefined);
    const result = await executeAsync(values);
    const data = result?.data;
    if (!data) {
      setReport(undefined);
      setFormError(applyActionErrors(result, setError) ?? 'The node was not saved.');
      return;
    }
    setReport(data.report);
    if (data.saved) {
      setSaved({ publicKey: data.publicKey });
      router.refresh();
    } else if (!data.report.certificate || data.report.certificate.changed) {
      setFormError('The node was not saved: see the failed checks below.');
    }
  }

  function trustAndRetry(fingerprint: string) {
    setValue('trustFingerprint', fingerprint);
    void handleSubmit(submit)();
  }

  const secretHint = (has: boolean | undefined) => (has ? 'Stored. Leave blank to keep it.' : undefined);
  const placeholder = (has: boolean | undefined) => (has ? '•••••••• (unchanged)' : '');
  const cert = report?.certificate;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
      <form onSubmit={handleSubmit(submit)} noValidate className="card space-y-6 p-5" aria-label={nodeId ? 'Edit node' : 'Add node'}>
        <FormAlert message={formError} />
        <input type="hidden" {...register('trustFingerprint')} />
        {demo ? (
          <p className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-200">
            Filled in for the bundled simulator. Its token secret and root password stay on the server and only work with the simulator&apos;s own address. The demo cluster is shared: every Kiln user
            who adds it sees and changes the same simulated containers.
          </p>
        ) : null}
        <fieldset className="space-y-4">
          <legend className="mb-2 font-semibold">Proxmox API</legend>
          <FormField id="name" label="Name in Kiln" error={errors.name?.message} hint="For example pve or homelab.">
            <input id="name" className="input" aria-invalid={!!errors.name} {...register('name')} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <FormField id="host" label="Host" error={errors.host?.message} hint="Host name or IP address of a cluster node.">
              <input id="host" className="input" autoComplete="off" aria-invalid={!!errors.host} {...register('host')} />
            </FormField>
            <FormField id="apiPort" label="API port" error={errors.apiPort?.message}>
              <input id="apiPort" inputMode="numeric" className="input" aria-invalid={!!errors.apiPort} {...register('apiPort')} />
            </FormField>
          </div>
          <FormField id="tokenId" label="API token id" error={errors.tokenId?.message} hint="user@realm!tokenid. You can paste the whole user@realm!tokenid=secret here.">
            <input id="tokenId" className="input font-mono" autoComplete="off" aria-invalid={!!errors.tokenId} {...register('tokenId')} />
          </FormField>
          <FormField id="tokenSecret" label="API token secret" error={errors.tokenSecret?.message} hint={demo ? 'Provided by the simulator.' : secretHint(stored?.tokenSecret)}>
            <input
              id="tokenSecret"
              type="password"
              className="input font-mono"
              autoComplete="off"
              placeholder={demo ? '•••••••• (from the simulator)' : placeholder(stored?.tokenSecret)}
              aria-invalid={!!errors.tokenSecret}
              {...register('tokenSecret')}
            />
          </FormField>
          <div>
            <span className="label">TLS</span>
            <div className="space-y-1 text-sm">
              <label className="flex items-start gap-2">
                <input type="radio" value="pinned" className="mt-1" {...register('tlsMode')} /> <span>Pin the node&apos;s certificate fingerprint (self-signed, the Proxmox default)</span>
              </label>
              <label className="flex items-start gap-2">
                <input type="radio" value="system" className="mt-1" {...register('tlsMode')} /> <span>Verify with the system&apos;s CA store (a certificate from a public or your own CA)</span>
              </label>
            </div>
            {tlsMode === 'pinned' ? <p className="mt-1 text-xs text-zinc-500">On first contact Kiln shows the fingerprint and asks you to trust it.</p> : null}
          </div>
        </fieldset>

        <fieldset className="space-y-4">
          <legend className="mb-2 font-semibold">SSH (to create and provision containers)</legend>
          <div className="grid gap-4 sm:grid-cols-[1fr_6rem_8rem]">
            <FormField id="sshHost" label="SSH host" error={errors.sshHost?.message} hint="Blank: same as the API host.">
              <input id="sshHost" className="input" autoComplete="off" {...register('sshHost')} />
            </FormField>
            <FormField id="sshPort" label="Port" error={errors.sshPort?.message}>
              <input id="sshPort" inputMode="numeric" className="input" aria-invalid={!!errors.sshPort} {...register('sshPort')} />
            </FormField>
            <FormField id="sshUser" label="User" error={errors.sshUser?.message}>
              <input id="sshUser" className="input" autoComplete="off" aria-invalid={!!errors.sshUser} {...register('sshUser')} />
            </FormField>
          </div>
          <div>
            <span className="label">SSH sign-in</span>
            <div className="flex flex-wrap gap-4 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" value="password" {...register('sshAuth')} /> Password
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" value="key" {...register('sshAuth')} /> Key pair generated by Kiln
              </label>
            </div>
          </div>
          {sshAuth === 'password' ? (
            <FormField
              id="sshPassword"
              label="SSH password"
              error={errors.sshPassword?.message}
              hint={demo ? 'Provided by the simulator.' : (secretHint(stored?.sshPassword) ?? 'Optional: without SSH, Kiln can list and manage containers but not create them.')}
            >
              <input
                id="sshPassword"
                type="password"
                className="input"
                autoComplete="new-password"
                placeholder={demo ? '•••••••• (from the simulator)' : placeholder(stored?.sshPassword)}
                {...register('sshPassword')}
              />
            </FormField>
          ) : stored?.sshKey ? (
            <div className="space-y-2 text-sm">
              <PublicKeyBox publicKey={stored.sshPublicKey ?? ''} />
              <label className="flex items-center gap-2">
                <input type="checkbox" {...register('generateKey')} /> Replace it with a new key pair
              </label>
              {errors.generateKey?.message ? (
                <p className="text-sm text-red-700 dark:text-red-400" role="alert">
                  {errors.generateKey.message}
                </p>
              ) : null}
            </div>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">Kiln generates an ed25519 key pair for this node when you save and shows the public key with the command to install it.</p>
          )}
        </fieldset>

        <div className="flex flex-wrap items-center gap-2">
          <button type="submit" className="btn-primary" disabled={isPending}>
            {isPending ? 'Testing…' : nodeId ? 'Test and save' : 'Test and add node'}
          </button>
          <Link href="/settings/nodes" className="btn-secondary">
            Cancel
          </Link>
        </div>
      </form>

      <aside className="space-y-4" aria-live="polite">
        {cert ? (
          <div className={`card p-4 ${cert.changed ? 'border-red-400' : 'border-sky-400'}`} data-testid="certificate-prompt">
            <h2 className="font-semibold">{cert.changed ? 'The certificate changed' : 'Trust this certificate?'}</h2>
            <dl className="mt-2 space-y-1 text-xs">
              <dt className="text-zinc-500">SHA-256 fingerprint</dt>
              <dd className="break-all font-mono">{cert.fingerprint}</dd>
              {cert.pinned ? (
                <>
                  <dt className="text-zinc-500">Pinned before</dt>
                  <dd className="break-all font-mono">{cert.pinned}</dd>
                </>
              ) : null}
              <dt className="text-zinc-500">Subject</dt>
              <dd className="break-all">{cert.subject}</dd>
              <dt className="text-zinc-500">Issuer</dt>
              <dd className="break-all">{cert.issuer}</dd>
              <dt className="text-zinc-500">Valid until</dt>
              <dd>{cert.validTo.slice(0, 10)}</dd>
            </dl>
            <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">Compare with the fingerprint under the node&apos;s System → Certificates in the Proxmox UI.</p>
            <button type="button" className={cert.changed ? 'btn-danger mt-3' : 'btn-primary mt-3'} disabled={isPending} onClick={() => trustAndRetry(cert.fingerprint)}>
              {cert.changed ? 'Trust the new certificate' : 'Trust and continue'}
            </button>
          </div>
        ) : null}
        {saved ? (
          <div role="status" className="card border-emerald-400 p-4 text-sm">
            <p className="font-semibold text-emerald-700 dark:text-emerald-400">Node saved.</p>
            {report && !report.sshOk ? <p className="mt-1 text-amber-700 dark:text-amber-400">SSH does not work yet: creating containers on this node is disabled until it does.</p> : null}
            {saved.publicKey ? (
              <div className="mt-2">
                <PublicKeyBox publicKey={saved.publicKey} />
              </div>
            ) : null}
            <Link href="/settings/nodes" className="btn-secondary mt-3">
              Back to nodes
            </Link>
          </div>
        ) : null}
        {report ? (
          <div className="card p-4">
            <h2 className="mb-1 font-semibold">Connection test</h2>
            <CheckList checks={report.checks} />
          </div>
        ) : (
          <div className="card p-4 text-sm text-zinc-600 dark:text-zinc-400">
            Saving tests the connection first: DNS, TLS, the token, the Proxmox version, the cluster, the token&apos;s privileges, SSH and
            <code> pct</code>. The node is saved when the API checks pass.
          </div>
        )}
      </aside>
    </div>
  );
}

function PublicKeyBox({ publicKey }: { publicKey: string }) {
  const install = `mkdir -p ~/.ssh && chmod 700 ~/.ssh && echo '${publicKey}' >> ~/.ssh/authorized_keys`;
  return (
    <div className="space-y-2">
      <div className="text-xs text-zinc-500">Public key</div>
      <pre className="overflow-x-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-800">{publicKey}</pre>
      <div className="text-xs text-zinc-500">Install it on the node (as root, in the Proxmox shell):</div>
      <div className="flex items-start gap-2">
        <pre className="flex-1 overflow-x-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">{install}</pre>
        <CopyButton text={install} />
      </div>
      <p className="text-xs text-zinc-500">Then use “Test again” on the node.</p>
    </div>
  );
}
