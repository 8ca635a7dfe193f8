/**
 * A small structured logger. Redacts anything that looks like a credential before it is
 * written: PVE token secrets, passwords in URLs, private keys, `password=`/`secret=` pairs.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const REDACTIONS: Array<[RegExp, string]> = [
  [/(PVEAPIToken=[^=\s]+=)[^\s"']+/g, '$1[redacted]'],
  [/(\/\/[^:/\s]+:)[^@/\s]+@/g, '$1[redacted]@'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[redacted private key]'],
  [/\b(password|passwd|secret|token|apikey|api_key)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1$2[redacted]'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, rep] of REDACTIONS) out = out.replace(re, rep);
  return out;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(name: string): Logger;
}

function describe(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, ...('code' in value ? { code: (value as { code: unknown }).code } : {}) };
  return value;
}

export function createLogger(name: string, level: LogLevel = 'info', write: (line: string) => void = (l) => process.stdout.write(l + '\n')): Logger {
  const log = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    const rest = fields ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, describe(v)])) : undefined;
    const extra = rest && Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
    write(redact(`${new Date().toISOString()} ${lvl.toUpperCase().padEnd(5)} [${name}] ${msg}${extra}`));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (sub) => createLogger(`${name}:${sub}`, level, write),
  };
}
