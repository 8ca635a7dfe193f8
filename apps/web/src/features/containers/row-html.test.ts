import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../lib/html';
import { rowHtml } from './row-html';
import type { TableRow } from './table-rows';

const row: TableRow = {
  nodeId: '0b6c1f9e-1111-4222-8333-444455556666',
  vmid: 101,
  type: 'lxc',
  name: 'web',
  node: 'pve1',
  status: 'running',
  cpu: 0.25,
  maxcpu: 2,
  mem: 512 * 1024 ** 2,
  maxmem: 1024 ** 3,
  disk: 950 * 1024 ** 2,
  maxdisk: 1024 ** 3,
  uptime: 90_000,
  tags: ['prod'],
  access: 'owner',
  selectable: true,
};

const cells = (html: string) => html.match(/<td[ >]/g)?.length;

describe('containers table row markup', () => {
  it('shows every column of a running container', () => {
    const html = rowHtml(row);
    expect(cells(html)).toBe(13);
    expect(html).toContain(`href="/containers/${row.nodeId}/101"`);
    expect(html).toContain('aria-label="Select web"');
    expect(html).toContain('>pve1<');
    expect(html).toContain('status-pill st-running');
    expect(html).toContain('25% of 2');
    expect(html).toContain('512 MiB / 1.0 GiB');
    // Nearly full disks show a red bar.
    expect(html).toContain('class="ct-fill-hot" style="width:93%"');
    expect(html).toContain('1d 1h');
    expect(html).toContain('title="prod" class="tag-chip">prod<');
  });

  it('marks shared and read-only rows, leaves out the checkbox of rows being created and shows their step', () => {
    const html = rowHtml({ ...row, status: 'creating', access: 'viewer', sharedBy: 'alice', selectable: false, progress: 'Installing packages', template: 'nginx 1.2.0' });
    expect(html).not.toContain('type="checkbox"');
    expect(html).toContain('shared by alice · view only');
    expect(html).toContain('Installing packages');
    expect(html).toContain('nginx 1.2.0');
    expect(html).toContain('status-pill st-creating');
    expect(html).toContain('status-dot animate-pulse');
    // Not running: no CPU figure.
    expect(html).toContain('<td class="ct-cell ct-wide ct-num">—</td>');
  });

  it('shows the last update check: pending and security counts, up to date, a failed check, never checked', () => {
    expect(rowHtml({ ...row, updates: { pending: 3, security: 1, error: false } })).toMatch(/3 updates<\/span><span [^>]*>1 security</);
    expect(rowHtml({ ...row, updates: { pending: 0, security: 0, error: false } })).toContain('>up to date<');
    expect(rowHtml({ ...row, updates: { pending: 0, security: 0, error: true } })).toContain('>check failed<');
    expect(rowHtml(row)).not.toMatch(/update|check failed/);
  });

  it('names a newer app version in the Updates cell, with or without package upgrades', () => {
    const app = { name: 'nginx', installed: '1.22.1', latest: '1.26.1' };
    const alone = rowHtml({ ...row, updates: { pending: 0, security: 0, error: false, app } });
    expect(alone).toMatch(/<span [^>]*title="nginx 1\.22\.1 → 1\.26\.1 available">nginx 1\.26\.1<\/span>/);
    expect(alone).not.toContain('up to date');
    expect(rowHtml({ ...row, updates: { pending: 2, security: 0, error: false, app } })).toMatch(/2 updates<\/span><span [^>]*>nginx 1\.26\.1</);
    expect(rowHtml({ ...row, updates: { pending: 0, security: 0, error: false, app: { name: '<b>', installed: '1', latest: '2' } } })).toContain('&lt;b&gt; 2');
  });

  it('escapes every value that comes from Proxmox or a user', () => {
    const evil = `"><img src=x onerror=alert(1)>'&`;
    const html = rowHtml({ ...row, name: evil, node: evil, status: evil, tags: [evil], sharedBy: evil, access: 'operator', progress: evil, template: evil });
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(evil));
    // Every trace of the payload is in its escaped form (in text or in a quoted attribute).
    const rest = html.split(escapeHtml(evil)).join('');
    expect(rest).not.toMatch(/onerror|alert|'/);
    expect(escapeHtml(evil)).toBe('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&#x27;&amp;');
    // Still ten cells: nothing closed a tag early.
    expect(cells(html)).toBe(13);
  });
});

describe('open alerts in the row', () => {
  it('shows a firing alert next to the status, linking to the firing alerts', () => {
    const html = rowHtml({ ...row, status: 'stopped', alert: 'firing' });
    expect(html).toMatch(/st-stopped.*<a href="\/alerts\?state=firing"[^>]*data-alert="firing"[^>]*>alert<\/a>/);
    expect(cells(html)).toBe(13);
  });

  it('shows an acknowledged one muted, and nothing without an alert', () => {
    expect(rowHtml({ ...row, alert: 'acknowledged' })).toContain('data-alert="acknowledged"');
    expect(rowHtml({ ...row, alert: 'acknowledged' })).toContain('>acknowledged</a>');
    expect(rowHtml(row)).not.toContain('data-alert');
  });
});
