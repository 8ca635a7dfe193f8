import { describe, expect, it } from 'vitest';
import type { InventoryRow } from '@kiln/services';
import { bodyHtml } from './row-html';
import { pageRows, pageRowsJson, toTableRow, withRowAlerts } from './table-rows';

const base: InventoryRow = {
  vmid: 101,
  type: 'lxc',
  name: 'web',
  node: 'pve1',
  status: 'running',
  cpu: 0.1,
  maxcpu: 2,
  netin: 5,
  netout: 6,
  tags: ['prod'],
  template: false,
  nodeId: 'n1',
  kilnNodeName: 'homelab',
  access: 'owner',
};

describe('table rows', () => {
  it('keeps what the table shows and leaves out the rest, absent values included', () => {
    const row = toTableRow(base);
    expect(row).toEqual({ nodeId: 'n1', vmid: 101, type: 'lxc', name: 'web', node: 'pve1', status: 'running', cpu: 0.1, maxcpu: 2, tags: ['prod'], access: 'owner', selectable: true });
    expect(Object.values(row)).not.toContain(undefined);
  });

  it('sends a VM with its addresses or why it has none, and never as selectable (bulk actions are for containers)', () => {
    expect(toTableRow({ ...base, type: 'qemu', ips: ['10.10.0.5'] })).toMatchObject({ type: 'qemu', ips: ['10.10.0.5'], selectable: false });
    expect(toTableRow({ ...base, type: 'qemu', ips: [], ipNote: 'agent not running' })).toMatchObject({ ipNote: 'agent not running' });
  });

  it('names the template and the state of a Kiln creation', () => {
    const kiln = { containerId: 'c1', templateSlug: 'nginx', templateVersion: '1.2.0' };
    expect(toTableRow({ ...base, kiln: { ...kiln, lifecycle: 'ready' } })).toMatchObject({ template: 'nginx 1.2.0', selectable: true });
    expect(toTableRow({ ...base, kiln: { ...kiln, lifecycle: 'ready' } }).progress).toBeUndefined();
    expect(toTableRow({ ...base, kiln: { ...kiln, lifecycle: 'creating', step: 'Start' } })).toMatchObject({ progress: 'Start', selectable: false });
    expect(toTableRow({ ...base, kiln: { ...kiln, lifecycle: 'creating' } }).progress).toBe('queued');
    expect(toTableRow({ ...base, kiln: { ...kiln, lifecycle: 'error' } })).toMatchObject({ progress: 'creation failed', selectable: true });
  });
});

describe('page rows JSON', () => {
  const rows: InventoryRow[] = Array.from({ length: 5 }, (_, i) => ({ ...base, vmid: 100 + i }));

  it('holds the table rows of the asked page only', () => {
    const page = JSON.parse(pageRowsJson(rows, 2, 2)) as { vmid: number }[];
    expect(page.map((r) => r.vmid)).toEqual([102, 103]);
    expect(JSON.parse(pageRowsJson(rows, 4, 2))).toEqual([toTableRow(rows[4]!)]);
  });

  it('follows a new rows array (the next poll) instead of the one it served before', () => {
    const before = pageRowsJson(rows, 0, 2);
    const next = rows.map((r) => ({ ...r, status: 'stopped' }));
    expect(pageRowsJson(next, 0, 2)).not.toBe(before);
    expect((JSON.parse(pageRowsJson(next, 0, 2)) as { status: string }[])[0]!.status).toBe('stopped');
  });
});

describe('page rows markup', () => {
  const rows: InventoryRow[] = Array.from({ length: 5 }, (_, i) => ({ ...base, vmid: 200 + i, name: `web-${i}` }));

  it('is the body of the same rows as the JSON: one <tr data-vmid> per row, in order', () => {
    const page = pageRows(rows, 1, 3);
    const html = page.html();
    expect([...html.matchAll(/<tr data-vmid="(\d+)">/g)].map((m) => Number(m[1]))).toEqual([201, 202, 203]);
    expect(html).toBe(bodyHtml(JSON.parse(page.json) as ReturnType<typeof toTableRow>[]));
    expect(html).toContain('web-2');
    expect(html).not.toContain('web-4');
  });

  it('is built once per page of a rows array', () => {
    expect(pageRows(rows, 0, 2).html()).toBe(pageRows(rows, 0, 2).html());
    expect(pageRows(rows, 0, 2)).toBe(pageRows(rows, 0, 2));
  });

  it('carries the open alerts of its rows (chip and data-alert) without changing the cached page', () => {
    const page = pageRows(rows, 0, 3);
    expect(withRowAlerts(page, {})).toBe(page);
    const alerted = withRowAlerts(page, { 'n1:201': 'firing', 'n1:999': 'acknowledged' });
    expect([...alerted.html().matchAll(/<tr data-vmid="(\d+)"(?: data-alert="(\w+)")?>/g)].map((m) => [Number(m[1]), m[2]])).toEqual([
      [200, undefined],
      [201, 'firing'],
      [202, undefined],
    ]);
    expect((JSON.parse(alerted.json) as { alert?: string }[]).map((r) => r.alert)).toEqual([undefined, 'firing', undefined]);
    expect(page.html()).not.toContain('data-alert');
  });
});
