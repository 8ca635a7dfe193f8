import { describe, expect, it } from 'vitest';
import { parsePctArgs, parseVmid, PctError, type PctCommandSpec } from './args';

const exec: PctCommandSpec = { usage: 'pct exec <vmid> [<extra-args>] [OPTIONS]', positional: ['vmid'], options: { 'keep-env': 'boolean' }, extraArgs: true };
const set: PctCommandSpec = { usage: 'pct set <vmid> [OPTIONS]', positional: ['vmid'], options: { delete: 'string' }, anyOption: true };

describe('parsePctArgs', () => {
  it('takes everything after -- as extra args, options before it', () => {
    expect(parsePctArgs(exec, ['101', '--keep-env', '0', '--', 'ls', '-la', '--', 'x'])).toEqual({
      positional: { vmid: '101' },
      options: { 'keep-env': '0' },
      extra: ['ls', '-la', '--', 'x'],
    });
  });

  it('treats a boolean option followed by an option-looking word as true', () => {
    expect(parsePctArgs(exec, ['101', '--keep-env', '--', 'id']).options).toEqual({ 'keep-env': '1' });
  });

  it('rejects unknown options with PVE texts and the usage line', () => {
    expect(() => parsePctArgs(exec, ['101', 'ls', '-la'])).toThrow(new PctError('Unknown option: la\n400 unable to parse option\npct exec <vmid> [<extra-args>] [OPTIONS]'));
  });

  it('reports missing and surplus arguments', () => {
    expect(() => parsePctArgs(exec, [])).toThrow(/^400 not enough arguments\npct exec/);
    expect(() => parsePctArgs(set, ['101', 'x'])).toThrow(/^400 too many arguments/);
  });

  it('accepts any --key value / -key value / --key=value for pct set', () => {
    expect(parsePctArgs(set, ['101', '-memory', '512', '--features=keyctl=1,nesting=1', '--delete', 'mp0,dev0']).options).toEqual({
      memory: '512',
      features: 'keyctl=1,nesting=1',
      delete: 'mp0,dev0',
    });
  });

  it('checks boolean values', () => {
    expect(() => parsePctArgs(exec, ['101', '--keep-env', 'maybe'])).toThrow(/keep-env: type check \('boolean'\) failed - got 'maybe'/);
  });
});

describe('parseVmid', () => {
  it('accepts valid ids and explains invalid ones', () => {
    expect(parseVmid(exec, '101')).toBe(101);
    expect(() => parseVmid(exec, 'abc')).toThrow(/vmid: type check \('integer'\) failed - got 'abc'/);
    expect(() => parseVmid(exec, '99')).toThrow(/minimum value of 100/);
  });
});
