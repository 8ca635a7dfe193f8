'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { useOperation, type LiveOperation } from '@/features/operations/components/use-operation';

type ActionResult = { data?: { operationId: string }; serverError?: { message: string }; validationErrors?: unknown } | undefined;

export interface RunState {
  /** What is being asked or followed ("Back up now"), while it is. */
  label?: string;
  live?: LiveOperation;
  result?: { ok: boolean; message: string; lines: string[] };
}

/**
 * Runs one backup action and follows the operation it queued: the PVE task's log while it runs,
 * the verdict after (PVE's own text when it refused), then the page re-reads the cached lists.
 * Returns an error message when the request itself was refused (for the dialog to show).
 */
export function useRunOperation(subject: string) {
  const router = useRouter();
  const [opId, setOpId] = useState<string>();
  const [state, setState] = useState<RunState>({});
  const live = useOperation(opId, (op) => {
    const message = op.operation.message ?? (op.ok ? 'Done.' : 'It did not work.');
    setOpId(undefined);
    setState({ result: { ok: op.ok, message, lines: op.lines } });
    (op.ok ? toast.success : toast.error)(`${subject}: ${message}`);
    router.refresh();
  });
  async function run(label: string, call: () => Promise<ActionResult>): Promise<string | undefined> {
    setState({ label });
    const r = await call();
    if (r?.data?.operationId) {
      setOpId(r.data.operationId);
      return undefined;
    }
    const message = r?.serverError?.message ?? (r?.validationErrors ? 'Check the highlighted fields.' : 'The action could not run.');
    setState({});
    return message;
  }
  // The hook keeps the last operation it followed: only a followed one is live.
  return { run, busy: state.label !== undefined || opId !== undefined, state: { ...state, live: opId ? live : undefined } };
}
