/**
 * Reading systemd's plain table output (systemctl 247+, `--plain --no-legend`). Pure functions so
 * the parsing is tested without a container.
 */
export interface ServiceInfo {
  /** Unit name, e.g. `nginx.service`. */
  name: string;
  description: string;
  /** loaded | not-found | masked | error */
  load: string;
  /** active | inactive | failed | activating | deactivating | reloading */
  active: string;
  /** running | exited | dead | failed | ... */
  sub: string;
  /** enabled | disabled | static | masked | indirect | generated | alias | ... ('' when unknown) */
  enabled: string;
}

/** A service unit name Kiln will pass to systemctl/journalctl (never an option, never a glob). */
export const UNIT_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9:_.@-]{0,250}\.service$/;

export const LIST_SEPARATOR = '@@kiln-unit-files@@';

/**
 * One exec lists both tables: loaded units (state) and unit files (enablement). A fixed script,
 * no user input in it.
 */
export const LIST_SERVICES_ARGV = [
  'sh',
  '-c',
  `systemctl list-units --type=service --all --plain --no-legend --no-pager; echo ${LIST_SEPARATOR}; systemctl list-unit-files --type=service --no-legend --no-pager`,
] as const;

function columns(line: string, n: number): string[] | undefined {
  const parts: string[] = [];
  let rest = line.replace(/^[\s●×*]+/u, '');
  for (let i = 0; i < n - 1; i++) {
    const m = /^(\S+)\s*/.exec(rest);
    if (!m) return i === 0 ? undefined : [...parts, ...Array(n - i).fill('')];
    parts.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  parts.push(rest.trim());
  return parts;
}

export function parseServices(output: string): ServiceInfo[] {
  const [unitsText = '', filesText = ''] = output.split(LIST_SEPARATOR);
  const byName = new Map<string, ServiceInfo>();
  for (const line of unitsText.split('\n')) {
    const c = columns(line, 5);
    if (!c || !c[0]!.endsWith('.service')) continue;
    const [name, load, active, sub, description] = c as [string, string, string, string, string];
    byName.set(name, { name, load, active, sub, description, enabled: '' });
  }
  for (const line of filesText.split('\n')) {
    const c = columns(line, 3);
    if (!c || !c[0]!.endsWith('.service')) continue;
    const [name, state] = c as [string, string];
    const known = byName.get(name);
    if (known) known.enabled = state;
    // Template units (`getty@.service`) are not services one can start; their instances are listed above.
    else if (!name.includes('@.')) byName.set(name, { name, load: state === 'masked' ? 'masked' : 'loaded', active: 'inactive', sub: 'dead', description: '', enabled: state });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** `journalctl -o short-iso` lines → at most `limit` last lines, trimmed of the trailing newline. */
export function lastLines(text: string, limit: number): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 1 && lines[0] === '-- No entries --') return [];
  return lines.slice(-limit);
}
