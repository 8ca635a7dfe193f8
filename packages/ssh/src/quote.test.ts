import { describe, expect, it } from 'vitest';
import { parseShellWords } from '@kiln/pve-sim/testing';
import { shellJoin, shellQuote } from './quote';

describe('shellQuote', () => {
  it('single-quotes everything and escapes embedded single quotes', () => {
    expect(shellQuote('plain')).toBe("'plain'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('refuses NUL bytes, which no remote argv can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
    expect(() => shellJoin([])).toThrow(expect.objectContaining({ kind: 'invalid-argument' }));
  });

  it('round-trips hostile arguments through a POSIX shell-words parser', () => {
    const hostile = ["'", '"', '\'"\'"', '; rm -rf /', '$(id)', '`id`', '${HOME}', 'a\nb', '\t', '\\', '*?[a-z]', '~', '#x', 'ünïcødé 🚀', '-- --', '', ' lead', 'trail '];
    const parsed = parseShellWords(shellJoin(hostile));
    expect(parsed).toEqual({ ok: true, argv: hostile });
  });

  it('round-trips random strings', () => {
    const alphabet = ` \t\n'"\\$\`;|&<>(){}[]*?~#!=%^,.:/-_abcXYZ019é€😀`;
    const chars = [...alphabet];
    for (let round = 0; round < 300; round++) {
      const argv = Array.from({ length: 1 + (round % 5) }, (_, i) => Array.from({ length: (round * 7 + i * 13) % 23 }, (_, j) => chars[(round * 31 + i * 17 + j * 11) % chars.length]).join(''));
      expect(parseShellWords(shellJoin(argv))).toEqual({ ok: true, argv });
    }
  });
});
