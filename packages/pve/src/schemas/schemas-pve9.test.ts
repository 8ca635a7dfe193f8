import { describe, expect, it } from 'vitest';
import { fixtureData } from '../../test/fixtures/load';
import { lxcConfigSchema } from '../lxc/config';
import * as cluster from './cluster';
import * as lxc from './lxc';
import { rrdDataSchema } from './rrd';

/** Shapes captured from PVE 9.x nodes that differ from what older releases (and the schema) suggest. */
describe('PVE 9 answers', () => {
  it('container PSI values arrive as strings ("0.00") and become numbers; cpu may be slightly negative', () => {
    const list = lxc.lxcListSchema.parse(fixtureData('lxc-list-pve9'));
    expect(list[0]).toMatchObject({ vmid: 104, cpu: -5.75e-5, pressurecpusome: 0, pressurememoryfull: 0 });
    expect(list[1]).toMatchObject({ pressurecpusome: 12.37, pressureiofull: 0.2, tags: ['web'] });
    expect(list[2]?.pressurecpusome).toBeUndefined();
    const status = lxc.lxcStatusSchema.parse({ ...fixtureRow('lxc-list-pve9', 0), ha: { managed: 0 } });
    expect(status.pressureiosome).toBe(0);
  });

  it('rrddata averages are fractional bytes, for guests and nodes', () => {
    const [point, stopped, gap] = rrdDataSchema.parse(fixtureData('rrddata-lxc-pve9'));
    expect(point).toMatchObject({ mem: 21046067.2, disk: 1180360704.4, pressureiosome: 0.0383333333333333 });
    expect(point?.['memhost']).toBeUndefined();
    expect(stopped).toMatchObject({ disk: 0, maxmem: 536870912 });
    expect(gap).toEqual({ time: 1764748920 });
    const [node] = rrdDataSchema.parse(fixtureData('rrddata-node-pve9'));
    expect(node).toMatchObject({ memused: 18250235904.6, swapused: 10737418.2, roottotal: 100861726719.8, rootused: 14573821952.2 });
  });

  it('cluster resources: network (9.0.12+) and sdn entries are ignored, memhost 0 of containers does not matter', () => {
    const all = cluster.clusterResourcesSchema.parse(fixtureData('cluster-resources-pve9'));
    expect(all.map((r) => r.id)).toEqual(['lxc/104', 'qemu/100', 'node/pve1', 'storage/pve1/local']);
    expect(all[0]).toMatchObject({ type: 'lxc', cpu: -5.75e-5, mem: 21046067 });
  });

  it('a description reads back without the newline PVE appends to every stored line', () => {
    const base = { digest: 'a'.repeat(40) };
    expect(lxcConfigSchema.parse({ ...base, description: 'edited\n' }).description).toBe('edited');
    expect(lxcConfigSchema.parse({ ...base, description: 'two\n\nlines\n' }).description).toBe('two\n\nlines');
    expect(lxcConfigSchema.parse(base).description).toBeUndefined();
  });
});

function fixtureRow(name: string, i: number): Record<string, unknown> {
  return (fixtureData(name) as Array<Record<string, unknown>>)[i] ?? {};
}
