/**
 * argv -> the command string of an SSH exec request. sshd runs it with the user's POSIX shell,
 * so every element is single-quoted (`'` becomes `'\''`): whatever the string holds — quotes,
 * `$()`, backticks, `;`, newlines, globs, unicode — it arrives as exactly one verbatim argument.
 */
import { SshError } from './errors';

export function shellQuote(arg: string): string {
  if (arg.includes('\0')) throw new SshError('invalid-argument', 'A command argument contains a NUL byte, which cannot be passed to a remote command.');
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function shellJoin(argv: readonly string[]): string {
  if (argv.length === 0) throw new SshError('invalid-argument', 'A remote command needs at least one argument.');
  return argv.map(shellQuote).join(' ');
}
