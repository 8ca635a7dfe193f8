import Link from 'next/link';

/** A template's (or listed app's) tags, each a link to the catalogue filtered by it. */
export function TagLinks({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  return (
    <ul className="flex flex-wrap gap-1" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link href={`/templates?tag=${encodeURIComponent(tag)}`} className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700 hover:bg-zinc-200 dark:bg-zinc-800 dark:text-zinc-300">
            {tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
