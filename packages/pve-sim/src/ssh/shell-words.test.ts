import { describe, expect, it } from 'vitest';
import { parseShellWords } from './shell-words';

const argv = (s: string) => {
  const r = parseShellWords(s);
  if (!r.ok) throw new Error(`expected ok, got ${r.kind}: ${r.message}`);
  return r.argv;
};

describe('parseShellWords', () => {
  it('splits on blanks and keeps empty quoted words', () => {
    expect(argv("  pct  exec\t101 -- '' x ")).toEqual(['pct', 'exec', '101', '--', '', 'x']);
  });

  it('handles single quotes literally, including the close-escape-reopen idiom', () => {
    expect(argv(`printf %s 'it'\\''s $HOME; \`x\` "q"'`)).toEqual(['printf', '%s', `it's $HOME; \`x\` "q"`]);
  });

  it('applies double-quote escapes only to $ ` " \\ and newline', () => {
    expect(argv('echo "a\\"b \\$x \\\\ \\n c\\\nd"')).toEqual(['echo', 'a"b $x \\ \\n cd']);
  });

  it('treats a lone $ as literal and unquoted backslash as an escape', () => {
    expect(argv('echo $ a\\ b \\; \\|')).toEqual(['echo', '$', 'a b', ';', '|']);
  });

  it('joins adjacent quoted and unquoted parts into one word', () => {
    expect(argv(`a'b'"c"d\\ e`)).toEqual(['abcd e']);
  });

  it('keeps newlines, tabs, unicode and glob characters inside quotes', () => {
    expect(argv("x 'l1\nl2\tt' 'ünï — 🚀' '*?[a]'")).toEqual(['x', 'l1\nl2\tt', 'ünï — 🚀', '*?[a]']);
  });

  it('expands an unquoted leading ~ only', () => {
    expect(argv("ls ~ ~/x '~' a~")).toEqual(['ls', '/root', '/root/x', '~', 'a~']);
  });

  it('drops comments and line continuations', () => {
    expect(argv('echo a \\\n b # c d')).toEqual(['echo', 'a', 'b']);
    expect(argv('echo a#b')).toEqual(['echo', 'a#b']);
  });

  it('reports unterminated quotes as syntax errors', () => {
    expect(parseShellWords("echo 'x")).toMatchObject({ ok: false, kind: 'syntax' });
    expect(parseShellWords('echo "x')).toMatchObject({ ok: false, kind: 'syntax' });
  });

  it.each([['a; b'], ['a | b'], ['a && b'], ['a > f'], ['echo $(id)'], ['echo `id`'], ['echo $HOME'], ['echo "${x}"'], ['FOO=1 env'], ['a\nb']])('refuses shell syntax it cannot honour: %j', (s) => {
    expect(parseShellWords(s)).toMatchObject({ ok: false, kind: 'unsupported' });
  });
});
