/**
 * Hands a page's row markup from the server component to the server-side render of the table
 * without putting it in the RSC payload. A document request renders twice in this process: the
 * server components into the RSC payload, then that payload into HTML, and the payload is also
 * inlined into the page for hydration. Rows passed as a prop would travel in both (about 30 KB of
 * JSON next to 160 KB of markup per view, escaped once more inside a script tag); the browser
 * needs them only once, as markup, and hydrates the table body as it is. So the payload carries
 * a key, and the HTML render takes the markup by it from here.
 *
 * The two renders load this module separately (server and client module graphs), hence one
 * store on globalThis. Keys are random per view and only meaningful inside this process; an
 * entry lives a short while, long enough for the render that follows its request.
 */
interface Entry {
  html: string;
  at: number;
}

const STORE = Symbol.for('kiln.containers.ssrRows');
const TTL_MS = 30_000;

function store(): Map<string, Entry> {
  const g = globalThis as { [STORE]?: Map<string, Entry> };
  return (g[STORE] ??= new Map());
}

/** Keeps the markup for this view's HTML render and returns the key to pass instead. */
export function handToSsr(html: string, now = Date.now()): string {
  const s = store();
  // Oldest first (insertion order): drop what has expired.
  for (const [key, entry] of s) {
    if (now - entry.at < TTL_MS) break;
    s.delete(key);
  }
  const key = crypto.randomUUID();
  s.set(key, { html, at: now });
  return key;
}

/** The markup handed over under `key` (undefined in the browser, or once expired). */
export function takeFromRsc(key: string): string | undefined {
  return store().get(key)?.html;
}
