'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import type { ActionServerError } from '@/lib/safe-action';
import { useOperation, type LiveOperation } from '@/features/operations/components/use-operation';

export interface SettingsOutcome {
  ok: boolean;
  message: string;
  lines: string[];
}

type Queued = { data?: { operationId: string }; serverError?: ActionServerError; validationErrors?: unknown } | undefined;

/**
 * Queues one settings operation through its action and follows it to its end (the worker does the
 * change). Field errors from the server come back in `fieldErrors`; the page refreshes on success.
 */
export function useSettingsOperation() {
  const router = useRouter();
  const [current, setCurrent] = useState<string>();
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<SettingsOutcome>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const live = useOperation(current, (op: LiveOperation) => {
    const message = op.operation.message ?? (op.ok ? 'Done.' : 'It did not work.');
    setCurrent(undefined);
    setOutcome({ ok: op.ok, message, lines: op.lines });
    (op.ok ? toast.success : toast.error)(message);
    router.refresh();
  });

  async function run(queue: () => Promise<Queued>) {
    setAsking(true);
    setOutcome(undefined);
    setFieldErrors({});
    const r = await queue();
    setAsking(false);
    if (r?.data?.operationId) return setCurrent(r.data.operationId);
    setFieldErrors(r?.serverError?.fieldErrors ?? {});
    setOutcome({ ok: false, message: r?.serverError?.message ?? (r?.validationErrors ? 'Some values are not valid.' : 'It could not be queued.'), lines: [] });
  }

  return { run, busy: asking || current !== undefined, live, outcome, fieldErrors, dismiss: () => setOutcome(undefined) };
}
