'use client';

import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { containerTaskLogAction } from '../actions/task-log';
import { TaskLogView } from './task-log-view';

export function TaskLogButton({ nodeId, vmid, upid }: { nodeId: string; vmid: number; upid: string }) {
  const log = useAction(containerTaskLogAction);
  const [open, setOpen] = useState(false);
  return (
    <div className="mt-1">
      <button
        type="button"
        className="text-xs text-kiln-700 hover:underline dark:text-kiln-400"
        aria-expanded={open}
        onClick={() => {
          setOpen(!open);
          if (!open) log.execute({ nodeId, vmid, upid });
        }}
      >
        {open ? 'Hide log' : 'Show log'}
      </button>
      {open ? (
        <div className="mt-2">
          {log.isPending ? <p className="text-xs text-zinc-500">Loading the task log…</p> : null}
          {log.result.serverError ? (
            <p role="alert" className="text-xs text-red-700 dark:text-red-400">
              {log.result.serverError.message}
            </p>
          ) : null}
          {log.result.data ? <TaskLogView lines={log.result.data.lines} /> : null}
        </div>
      ) : null}
    </div>
  );
}
