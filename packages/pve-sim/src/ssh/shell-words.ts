/**
 * A POSIX shell-words parser for the command string an SSH exec request carries. sshd would hand
 * it to `bash -c`; the simulator instead splits it exactly like the shell would for a *simple
 * command* (quotes, escapes, line continuations, comments, `~`) and refuses anything that needs
 * a real shell (operators, redirections, expansions, assignments), rather than guessing.
 */

export type ShellWordsResult = { ok: true; argv: string[] } | { ok: false; kind: 'syntax' | 'unsupported'; message: string };

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')']);
const BLANK = new Set([' ', '\t']);
/** After `$`, these start a parameter expansion, command substitution or arithmetic. */
const EXPANSION_START = /[A-Za-z0-9_{(@*#?$!-]/;

export function parseShellWords(input: string, home = '/root'): ShellWordsResult {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quotedWord = false;
  let i = 0;
  const unsupported = (what: string): ShellWordsResult => ({ ok: false, kind: 'unsupported', message: what });
  const endWord = () => {
    if (!inWord) return;
    if (!quotedWord && (word === '~' || word.startsWith('~/'))) word = home + word.slice(1);
    argv.push(word);
    word = '';
    inWord = false;
    quotedWord = false;
  };

  while (i < input.length) {
    const c = input[i] ?? '';
    if (BLANK.has(c)) {
      endWord();
      i++;
    } else if (c === '\n') {
      endWord();
      if (input.slice(i).trim() !== '') return unsupported('more than one command (newline)');
      i++;
    } else if (c === '#' && !inWord) {
      const nl = input.indexOf('\n', i);
      i = nl < 0 ? input.length : nl;
    } else if (c === '\\') {
      if (input[i + 1] === '\n')
        i += 2; // line continuation
      else if (i + 1 >= input.length) {
        inWord = true;
        word += '\\';
        i++;
      } else {
        inWord = true;
        quotedWord = true;
        word += input[i + 1];
        i += 2;
      }
    } else if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) return { ok: false, kind: 'syntax', message: "unexpected EOF while looking for matching `''" };
      word += input.slice(i + 1, end);
      inWord = true;
      quotedWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      quotedWord = true;
      for (;;) {
        if (i >= input.length) return { ok: false, kind: 'syntax', message: 'unexpected EOF while looking for matching `"\'' };
        const d = input[i] ?? '';
        if (d === '"') break;
        if (d === '\\' && i + 1 < input.length && '$`"\\\n'.includes(input[i + 1] ?? '')) {
          if (input[i + 1] !== '\n') word += input[i + 1];
          i += 2;
        } else if (d === '`' || (d === '$' && EXPANSION_START.test(input[i + 1] ?? ''))) {
          return unsupported(`expansion inside double quotes (${d})`);
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (OPERATORS.has(c)) {
      return unsupported(`shell operator '${c}'`);
    } else if (c === '`' || (c === '$' && EXPANSION_START.test(input[i + 1] ?? ''))) {
      return unsupported(`expansion (${c})`);
    } else if (c === '=' && !quotedWord && argv.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) {
      return unsupported(`variable assignment '${word}='`);
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  endWord();
  return { ok: true, argv };
}
