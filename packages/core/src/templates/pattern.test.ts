import { describe, expect, it } from 'vitest';
import { matchesWhole, patternProblem } from './pattern';

describe('template patterns (RE2)', () => {
  it('answers a catastrophic-backtracking pattern at once instead of freezing the process', () => {
    // With a backtracking engine (JavaScript's RegExp) each of these takes minutes to years.
    expect(matchesWhole('(a+)+b', 'a'.repeat(32))).toBe(false);
    expect(matchesWhole('(a+)+b', 'a'.repeat(10_000))).toBe(false);
    expect(matchesWhole('(a|aa)*c', 'a'.repeat(10_000))).toBe(false);
    expect(matchesWhole('(a+)+b', `${'a'.repeat(10_000)}b`)).toBe(true);
  });

  it('matches the whole value, code point by code point', () => {
    expect(matchesWhole('[a-z]+', 'abc')).toBe(true);
    expect(matchesWhole('[a-z]+', 'abc1')).toBe(false);
    expect(matchesWhole('a|ab', 'ab')).toBe(true);
    expect(matchesWhole('.', '😀')).toBe(true);
    expect(matchesWhole('\\x{e9}+', 'éé')).toBe(true);
  });

  it('accepts the patterns of the built-in templates', () => {
    for (const p of ['[1-9][0-9]{0,5}[kmg]', '(https?|git)://[^\\s]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s]+', '(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}|[0-9a-fA-F:]+/\\d{1,3}', '(?<name>x)y']) {
      expect(patternProblem(p)).toBeUndefined();
    }
  });

  it('names what RE2 cannot do, and matches nothing with such a pattern', () => {
    expect(patternProblem('(a)\\1')).toMatch(/^backreferences \(\\1\) are not supported \(patterns use RE2 syntax/);
    expect(patternProblem('(?<n>a)\\k<n>')).toMatch(/^named backreferences/);
    expect(patternProblem('(?=a)a')).toMatch(/^lookahead/);
    expect(patternProblem('a(?!b)')).toMatch(/^lookahead/);
    expect(patternProblem('(?<=a)b')).toMatch(/^lookbehind/);
    expect(patternProblem('(?<!a)b')).toMatch(/^lookbehind/);
    expect(patternProblem('\\u00e9')).toMatch(/\\x\{00e9\}/);
    expect(patternProblem('[a-z')).toBe('is not a valid regular expression: missing closing ] at `[a-z` (patterns use RE2 syntax, which runs in linear time)');
    expect(matchesWhole('(a)\\1', 'aa')).toBe(false);
    // Linear, but with a constant no template needs.
    expect(patternProblem('\\p{L}{1000}')).toBe('is too complex (1002 instructions, at most 1000): bound lengths with validation.max instead of large {n} repeats');
    expect(patternProblem('[a-z]{1,400}')).toBeUndefined();
  });
});
