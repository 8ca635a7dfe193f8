/** A small error next to the button that caused it (nothing when there is none). */
export function InlineError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <span role="alert" className="text-xs text-red-700 dark:text-red-400">
      {message}
    </span>
  );
}
