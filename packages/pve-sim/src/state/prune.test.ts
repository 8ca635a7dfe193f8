import { describe, expect, it } from 'vitest';
import { parseRetention, pruneMark } from './prune';

const at = (iso: string): number => Date.parse(iso) / 1000;

describe('pruneMark (prune_mark_backup_group)', () => {
  it('keep-last keeps the newest N', () => {
    const marks = pruneMark(
      [
        { volid: 'a', ctime: 1 },
        { volid: 'b', ctime: 3 },
        { volid: 'c', ctime: 2 },
      ],
      parseRetention('keep-last=2'),
    );
    expect(marks.map((e) => [e.volid, e.mark])).toEqual([
      ['b', 'keep'],
      ['c', 'keep'],
      ['a', 'remove'],
    ]);
  });
  it('keep-daily keeps the newest backup of each recent day; protected ones stay and do not count', () => {
    const group = [
      { volid: 'd1-early', ctime: at('2026-01-01T01:00:00Z') },
      { volid: 'd1-late', ctime: at('2026-01-01T23:00:00Z') },
      { volid: 'd2', ctime: at('2026-01-02T12:00:00Z'), protected: true },
      { volid: 'd3', ctime: at('2026-01-03T12:00:00Z') },
    ];
    const marks = pruneMark(group, parseRetention('keep-daily=2'));
    expect(Object.fromEntries(marks.map((e) => [e.volid, e.mark]))).toEqual({ d3: 'keep', d2: 'protected', 'd1-late': 'keep', 'd1-early': 'remove' });
  });
  it('keep-all or no positive option keeps everything', () => {
    expect(pruneMark([{ volid: 'a', ctime: 1 }], parseRetention('keep-all=1'))[0]?.mark).toBe('keep');
    expect(pruneMark([{ volid: 'a', ctime: 1 }], {})[0]?.mark).toBe('keep');
  });
});
