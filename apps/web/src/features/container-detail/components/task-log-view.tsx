import { cn } from '@/lib/cn';

/** A PVE task log as PVE shows it: monospace lines, scrolled to the end. */
export function TaskLogView({ lines, className }: { lines: string[]; className?: string }) {
  if (lines.length === 0) return <p className="text-xs text-zinc-500">No log lines yet.</p>;
  return (
    <pre className={cn('max-h-64 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100', className)} data-testid="task-log">
      {lines.join('\n')}
    </pre>
  );
}
