import { statusPillClasses } from '../status-classes';

export function StatusPill({ status }: { status: string }) {
  const c = statusPillClasses(status);
  return (
    <span className={c.pill}>
      <span aria-hidden className={c.dot} />
      {status}
    </span>
  );
}
