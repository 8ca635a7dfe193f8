import { secretRedactor } from '@kiln/core/templates';
import { describe, expect, it } from 'vitest';
import { outputRedactor } from './render';

describe('outputRedactor', () => {
  it('masks a secret printed in two pieces on stdout with stderr in between', () => {
    const secret = 'pa$$-word-0123456789';
    const r = outputRedactor(secretRedactor([secret]).stream);
    let out = r.push('split: pa$$-word-', 'stdout');
    out += r.push('warning: something on stderr\n', 'stderr');
    out += r.push('0123456789\n', 'stdout');
    out += r.flush();
    expect(out).not.toContain('pa$$');
    expect(out).not.toContain('0123456789');
    expect(out).toContain('warning: something on stderr\n');
    expect(out).toContain('split: ***\n');
  });
});
