'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import type { NodeTestReport } from '@kiln/services/schemas';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { deleteNodeAction } from '../actions/delete-node';
import { retestNodeAction } from '../actions/retest-node';
import { setDefaultNodeAction } from '../actions/set-default-node';
import { CheckList } from './check-list';

export function NodeActions({ nodeId, name, isDefault }: { nodeId: string; name: string; isDefault: boolean }) {
  const [report, setReport] = useState<NodeTestReport>();
  const [error, setError] = useState<string>();
  const retest = useAction(retestNodeAction);
  const makeDefault = useAction(setDefaultNodeAction);
  const del = useAction(deleteNodeAction);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <Link href={`/settings/nodes/${nodeId}`} className="btn-secondary px-2 py-1 text-xs">
          Edit
        </Link>
        <button
          type="button"
          className="btn-secondary px-2 py-1 text-xs"
          disabled={retest.isPending}
          onClick={async () => {
            setError(undefined);
            const r = await retest.executeAsync({ nodeId });
            if (r?.data) setReport(r.data.report);
            else setError(r?.serverError?.message ?? 'The test could not run.');
          }}
        >
          {retest.isPending ? 'Testing…' : 'Test again'}
        </button>
        {!isDefault ? (
          <button type="button" className="btn-secondary px-2 py-1 text-xs" disabled={makeDefault.isPending} onClick={() => makeDefault.execute({ nodeId })}>
            Make default
          </button>
        ) : null}
        <ConfirmDialog
          trigger={
            <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700 dark:text-red-400">
              Delete
            </button>
          }
          title={`Remove ${name} from Kiln?`}
          description="Kiln forgets this node and its credentials. The node and its containers on Proxmox are not touched."
          confirmLabel="Remove node"
          onConfirm={async () => {
            const r = await del.executeAsync({ nodeId });
            return r?.serverError?.message;
          }}
        />
      </div>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      {report ? <CheckList checks={report.checks} /> : null}
    </div>
  );
}
