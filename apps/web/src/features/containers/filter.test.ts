import { describe, expect, it } from 'vitest';
import { filterRows, matches, paginate, parseQuery, sortRows, tableState, tableView, type FilterableRow } from './filter';

const rows: FilterableRow[] = [
  { vmid: 101, type: 'lxc', name: 'nginx-web', node: 'pve1', status: 'running', tags: ['web', 'prod'], cpu: 0.2, uptime: 50, ips: ['10.10.0.101', 'fd00::101'] },
  { vmid: 102, type: 'lxc', name: 'db', node: 'pve2', status: 'stopped', tags: ['db'], cpu: 0 },
  { vmid: 205, type: 'lxc', name: 'cache', node: 'pve1', status: 'running', tags: ['web'], cpu: 0.7, kiln: { templateSlug: 'redis', templateVersion: '1.0.0' }, ips: ['10.10.1.9'] },
];

const run = (q: string) => rows.filter((r) => matches(r, parseQuery(q))).map((r) => r.vmid);

describe('containers search language', () => {
  it('filters through filterRows as through matches, and an empty search keeps every row', () => {
    expect(filterRows(rows, 'node:pve1 tag:web').map((r) => r.vmid)).toEqual(run('node:pve1 tag:web'));
    expect(filterRows(rows, '   ')).toEqual(rows);
    expect(filterRows(rows, 'nothing-like-this')).toEqual([]);
  });

  it('understands keyed terms and plain text', () => {
    expect(run('status:running')).toEqual([101, 205]);
    expect(run('node:pve1 status:running tag:web')).toEqual([101, 205]);
    expect(run('node:pve2')).toEqual([102]);
    expect(run('nginx')).toEqual([101]);
    expect(run('tag:web tag:prod')).toEqual([101]);
    expect(run('template:redis')).toEqual([205]);
    expect(run('10')).toEqual([101, 102]);
    expect(run('status:running node:pve1 nope')).toEqual([]);
  });

  it('filters by the last update check: updates:any, updates:security, updates:none, updates:error', () => {
    const checked: FilterableRow[] = [
      { ...rows[0]!, updates: { pending: 3, security: 1, error: false } },
      { ...rows[1]!, updates: { pending: 2, security: 0, error: false } },
      { ...rows[2]!, updates: { pending: 0, security: 0, error: true } },
      { vmid: 300, type: 'lxc', name: 'fresh', node: 'pve3', status: 'running', tags: [], updates: { pending: 0, security: 0, error: false } },
      { vmid: 301, type: 'lxc', name: 'never-checked', node: 'pve3', status: 'running', tags: [] },
    ];
    const pick = (q: string) => filterRows(checked, q).map((r) => r.vmid);
    expect(pick('updates:any')).toEqual([101, 102]);
    expect(pick('updates:security')).toEqual([101]);
    expect(pick('UPDATES:Security node:pve2')).toEqual([]);
    expect(pick('updates:none')).toEqual([300]);
    expect(pick('updates:error')).toEqual([205]);
    expect(pick('updates:security updates:error')).toEqual([101, 205]);
    expect(pick('updates:whatever')).toEqual([]);
    expect(sortRows(checked, 'updates', 'desc').map((r) => r.vmid)).toEqual([101, 102, 205, 300, 301]);
  });

  it('filters by a newer app version: updates:app, and counts it in updates:any, never in updates:none', () => {
    const app = { name: 'nginx', installed: '1.22.1', latest: '1.26.1' };
    const checked: FilterableRow[] = [
      { vmid: 400, type: 'lxc', name: 'web', node: 'pve1', status: 'running', tags: [], updates: { pending: 0, security: 0, error: false, app } },
      { vmid: 401, type: 'lxc', name: 'web-2', node: 'pve1', status: 'running', tags: [], updates: { pending: 2, security: 0, error: false, app } },
      { vmid: 402, type: 'lxc', name: 'db', node: 'pve1', status: 'running', tags: [], updates: { pending: 1, security: 0, error: false } },
      { vmid: 403, type: 'lxc', name: 'quiet', node: 'pve1', status: 'running', tags: [], updates: { pending: 0, security: 0, error: false } },
    ];
    const pick = (q: string) => filterRows(checked, q).map((r) => r.vmid);
    expect(pick('updates:app')).toEqual([400, 401]);
    expect(pick('updates:any')).toEqual([400, 401, 402]);
    expect(pick('updates:none')).toEqual([403]);
    expect(pick('updates:app updates:security')).toEqual([400, 401]);
    expect(sortRows(checked, 'updates', 'desc').map((r) => r.vmid)).toEqual([401, 400, 402, 403]);
  });

  it('treats unknown keys as plain text and is case-insensitive', () => {
    expect(parseQuery('Foo:bar STATUS:Running').text).toEqual(['foo:bar']);
    expect(run('STATUS:RUNNING NODE:PVE1')).toEqual([101, 205]);
  });

  it('ignores a known key still waiting for its value, so typing `ip:` does not empty the table', () => {
    expect(run('ip:')).toEqual([101, 102, 205]);
    expect(run('status:running NODE:')).toEqual([101, 205]);
    expect(parseQuery('ip: foo:').text).toEqual(['foo:']);
  });

  it('filters by guest type and by address prefix', () => {
    const mixed: FilterableRow[] = [...rows, { vmid: 300, type: 'qemu', name: 'win', node: 'pve1', status: 'running', tags: [], ips: ['10.20.0.5'] }];
    const pick = (q: string) => filterRows(mixed, q).map((r) => r.vmid);
    expect(pick('type:vm')).toEqual([300]);
    expect(pick('type:VM')).toEqual([300]);
    expect(pick('type:ct')).toEqual([101, 102, 205]);
    expect(pick('type:ct type:vm')).toEqual([101, 102, 205, 300]);
    expect(pick('type:floppy')).toEqual([]);
    expect(pick('ip:10.10.')).toEqual([101, 205]);
    expect(pick('ip:10.10.0.')).toEqual([101]);
    expect(pick('ip:fd00:')).toEqual([101]);
    // a prefix, not a substring: 0.5 is inside 10.20.0.5 but starts no address
    expect(pick('ip:0.5')).toEqual([]);
    expect(pick('type:vm ip:10.20.')).toEqual([300]);
    expect(sortRows(mixed, 'ip', 'asc').map((r) => r.vmid)).toEqual([101, 205, 300, 102]);
  });

  it('allows several values of one key', () => {
    expect(run('node:pve1 node:pve2')).toEqual([101, 102, 205]);
  });

  it('sorts by any column in both directions, VMID breaking ties', () => {
    expect(sortRows(rows, 'cpu', 'desc').map((r) => r.vmid)).toEqual([205, 101, 102]);
    expect(sortRows(rows, 'name', 'asc').map((r) => r.name)).toEqual(['cache', 'db', 'nginx-web']);
    expect(sortRows(rows, 'node', 'asc').map((r) => r.vmid)).toEqual([101, 205, 102]);
    expect(sortRows(rows, 'uptime', 'asc').map((r) => r.vmid)).toEqual([102, 205, 101]);
  });

  it('reads the table state from the URL with safe defaults', () => {
    expect(tableState({ sort: 'cpu', dir: 'desc', q: 'x', per: '250', page: '3' })).toEqual({ q: 'x', sort: 'cpu', dir: 'desc', per: 250, page: 3 });
    expect(tableState({ sort: 'password', dir: 'sideways', per: '7', page: '-1' })).toEqual({ q: '', sort: 'vmid', dir: 'asc', per: 100, page: 1 });
  });

  it('paginates and clamps the page', () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    expect(paginate(items, 1, 100)).toMatchObject({ page: 1, pages: 3, from: 1, to: 100 });
    expect(paginate(items, 3, 100)).toMatchObject({ page: 3, from: 201, to: 250 });
    expect(paginate(items, 9, 100).page).toBe(3);
    expect(paginate([], 1, 100)).toMatchObject({ page: 1, pages: 1, from: 0, to: 0, rows: [] });
  });
});

describe('table views', () => {
  const rows = [
    { vmid: 3, type: 'lxc' as const, name: 'c', node: 'pve2', status: 'running', tags: ['web'] },
    { vmid: 1, type: 'lxc' as const, name: 'a', node: 'pve1', status: 'stopped', tags: ['db', 'web'] },
    { vmid: 2, type: 'lxc' as const, name: 'b', node: 'pve1', status: 'running', tags: [] },
  ];

  it('filters and sorts like filterRows and sortRows, and lists nodes and tags of all rows', () => {
    const view = tableView(rows, { q: 'status:running', sort: 'name', dir: 'desc' });
    expect(view.rows).toEqual(sortRows(filterRows(rows, 'status:running'), 'name', 'desc'));
    expect(view.rows.map((r) => r.vmid)).toEqual([3, 2]);
    expect(view.nodes).toEqual(['pve1', 'pve2']);
    expect(view.tags).toEqual(['db', 'web']);
  });

  it('reuses a view of the same rows array and computes a new one for other rows or another search', () => {
    const state = { q: '', sort: 'vmid', dir: 'asc' } as const;
    const first = tableView(rows, state);
    expect(tableView(rows, { ...state })).toBe(first);
    expect(tableView(rows, { ...state, q: 'web' })).not.toBe(first);
    const changed = [...rows, { vmid: 4, type: 'lxc' as const, name: 'd', node: 'pve3', status: 'running', tags: [] }];
    expect(tableView(changed, state).rows.map((r) => r.vmid)).toEqual([1, 2, 3, 4]);
  });
});

describe('alert: in the search', () => {
  const withAlerts: FilterableRow[] = [
    { vmid: 1, type: 'lxc', name: 'a', node: 'pve1', status: 'stopped', tags: [], alert: 'firing' },
    { vmid: 2, type: 'lxc', name: 'b', node: 'pve1', status: 'running', tags: [], alert: 'acknowledged' },
    { vmid: 3, type: 'lxc', name: 'c', node: 'pve1', status: 'running', tags: [] },
  ];
  const pick = (q: string) => filterRows(withAlerts, q).map((r) => r.vmid);

  it('keeps containers with open alerts, by state, or without any', () => {
    expect(pick('alert:any')).toEqual([1, 2]);
    expect(pick('alert:firing')).toEqual([1]);
    expect(pick('alert:acknowledged status:running')).toEqual([2]);
    expect(pick('alert:none')).toEqual([3]);
  });
});
