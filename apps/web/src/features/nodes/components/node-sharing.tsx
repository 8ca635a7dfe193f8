'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useAction } from 'next-safe-action/hooks';
import { nodeShareInputSchema, type NodeShareInput } from '@kiln/services/schemas';
import { FormAlert, FormField } from '@/components/form-field';
import { applyActionErrors } from '@/lib/action-errors';
import { revokeShareAction } from '../actions/revoke-share';
import { shareNodeAction } from '../actions/share-node';

export interface ShareView {
  userId: string;
  username: string;
  role: 'operator' | 'viewer';
}

const ROLE_HINT =
  'Operator: start, stop, console, services and create containers. Viewer: sees containers, metrics and history only. Neither can edit, delete or share the node or see its credentials.';

/** The owner's list of who else may use this node, with add, change role and revoke. */
export function NodeSharing({ nodeId, shares }: { nodeId: string; shares: ShareView[] }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string>();
  const share = useAction(shareNodeAction);
  const revoke = useAction(revokeShareAction);
  const { register, handleSubmit, setError, reset, formState } = useForm<NodeShareInput>({
    resolver: zodResolver(nodeShareInputSchema),
    defaultValues: { nodeId, role: 'viewer', username: '' },
  });

  async function add(values: NodeShareInput) {
    setFormError(undefined);
    const r = await share.executeAsync(values);
    if (r?.data) {
      reset({ nodeId, role: values.role, username: '' });
      router.refresh();
    } else setFormError(applyActionErrors(r, setError));
  }

  async function act(run: () => Promise<{ serverError?: { message: string } } | undefined>) {
    setFormError(undefined);
    const r = await run();
    if (r?.serverError) setFormError(r.serverError.message);
    else router.refresh();
  }

  return (
    <section className="card space-y-4 p-5" aria-label="Sharing">
      <div>
        <h3 className="font-semibold">Sharing</h3>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{ROLE_HINT}</p>
      </div>
      <FormAlert message={formError} />
      {shares.length ? (
        <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {shares.map((s) => (
            <li key={s.userId} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`share-${s.username}`}>
              <span className="font-medium">{s.username}</span>
              <span className="flex flex-wrap items-center gap-2">
                <label className="sr-only" htmlFor={`role-${s.userId}`}>
                  Role of {s.username}
                </label>
                <select
                  id={`role-${s.userId}`}
                  className="input w-auto py-1 text-sm"
                  defaultValue={s.role}
                  onChange={(e) => void act(() => share.executeAsync({ nodeId, username: s.username, role: e.target.value as ShareView['role'] }))}
                >
                  <option value="operator">Operator</option>
                  <option value="viewer">Viewer</option>
                </select>
                <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700 dark:text-red-400" onClick={() => void act(() => revoke.executeAsync({ nodeId, userId: s.userId }))}>
                  Revoke
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Only you can use this node.</p>
      )}
      <form onSubmit={handleSubmit(add)} noValidate className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
        <input type="hidden" {...register('nodeId')} />
        <FormField id="share-username" label="Share with user" error={formState.errors.username?.message}>
          <input id="share-username" className="input" autoComplete="off" aria-invalid={!!formState.errors.username} {...register('username')} />
        </FormField>
        <FormField id="share-role" label="Role" error={formState.errors.role?.message}>
          <select id="share-role" className="input" {...register('role')}>
            <option value="viewer">Viewer</option>
            <option value="operator">Operator</option>
          </select>
        </FormField>
        <button type="submit" className="btn-primary" disabled={share.isPending}>
          {share.isPending ? 'Sharing…' : 'Share'}
        </button>
      </form>
    </section>
  );
}
