import { describe, expect, it } from 'vitest';
import { configFileText } from './config-schema';
import { parseConfigFile } from './restore';

describe('parseConfigFile (the pct.conf inside a vzdump archive)', () => {
  it('reads back what configFileText wrote, description included', () => {
    const conf = { hostname: 'web', memory: '512', rootfs: 'local-lvm:vm-101-disk-0,size=8G', description: 'line one: 100% done\nzwei — ü' };
    expect(parseConfigFile(configFileText(conf))).toEqual(conf);
  });
  it('stops at the first section', () => {
    expect(parseConfigFile('hostname: a\n\n[snap1]\nhostname: b\n')).toEqual({ hostname: 'a' });
  });
});
