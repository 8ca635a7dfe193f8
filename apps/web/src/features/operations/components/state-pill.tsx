import { cn } from '@/lib/cn';
import { STATE_CLASS, STATE_LABEL } from '../format';

export function OperationStatePill({ state }: { state: string }) {
  return (
    <span data-testid="operation-state" data-state={state} className={cn('inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium', STATE_CLASS[state])}>
      {state === 'running' ? <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-sky-500" aria-hidden /> : null}
      {STATE_LABEL[state] ?? state}
    </span>
  );
}
