import { describe, expect, it } from 'vitest';
import { fixtureData } from '../test/fixtures/load';
import { hasPrivilege, KILN_REQUIRED_PRIVILEGES, missingPrivilegeMessage, privilegeReport, renderPveumCommands } from './privileges';
import { permissionsSchema } from './schemas/access';

describe('privilegeReport', () => {
  it('is ok for a token with the Kiln role on the four paths', () => {
    const report = privilegeReport(permissionsSchema.parse(fixtureData('permissions-full')));
    expect(report.ok).toBe(true);
    expect(report.missing).toEqual([]);
    expect(report.required).toHaveLength(KILN_REQUIRED_PRIVILEGES.length);
    expect(report.required.every((r) => r.granted && r.purpose.length > 0)).toBe(true);
  });

  it('lists what an audit-only token lacks', () => {
    const report = privilegeReport(permissionsSchema.parse(fixtureData('permissions-weak')));
    expect(report.ok).toBe(false);
    const missing = report.missing.map((m) => `${m.path} ${m.privilege}`);
    expect(missing).toContain('/vms VM.Allocate');
    expect(missing).toContain('/sdn/zones SDN.Use');
    expect(missing).not.toContain('/vms VM.Audit');
    expect(missing).not.toContain('/nodes Sys.Audit');
  });

  it('requires propagation, and lets the nearest listed path decide', () => {
    expect(hasPrivilege({ '/vms': { 'VM.Allocate': false } }, '/vms', 'VM.Allocate')).toBe(false);
    expect(hasPrivilege({ '/': { 'SDN.Use': true } }, '/sdn/zones', 'SDN.Use')).toBe(true);
    expect(hasPrivilege({ '/': { 'SDN.Use': true }, '/sdn': {} }, '/sdn/zones', 'SDN.Use')).toBe(false);
    expect(hasPrivilege({}, '/vms', 'VM.Audit')).toBe(false);
  });
});

describe('renderPveumCommands', () => {
  it('creates a role with exactly the required privileges, a user, a separated token, and ACLs for both', () => {
    const cmds = renderPveumCommands();
    const privs = new Set(KILN_REQUIRED_PRIVILEGES.map((p) => p.privilege));
    const roleCmd = cmds[0]!;
    expect(roleCmd).toMatch(/^pveum role add 'Kiln' --privs '/);
    expect(new Set(/--privs '([^']+)'/.exec(roleCmd)![1]!.split(','))).toEqual(privs);
    expect(cmds).toContain("pveum user add 'kiln@pve' --comment 'Kiln dashboard'");
    expect(cmds).toContain("pveum user token add 'kiln@pve' 'kiln' --privsep 1 --comment 'Kiln dashboard'");
    for (const path of ['/vms', '/storage', '/nodes', '/sdn/zones']) {
      expect(cmds).toContain(`pveum acl modify '${path}' --users 'kiln@pve' --roles 'Kiln'`);
      expect(cmds).toContain(`pveum acl modify '${path}' --tokens 'kiln@pve!kiln' --roles 'Kiln'`);
    }
  });

  it('quotes custom names for the shell', () => {
    expect(renderPveumCommands({ user: "o'neil@pve" }).join('\n')).toContain(`'o'\\''neil@pve'`);
  });
});

describe('missingPrivilegeMessage', () => {
  it('names the privilege, why Kiln needs it and the pveum command that adds it', () => {
    const m = missingPrivilegeMessage('VM.Snapshot', '/vms/101');
    expect(m).toContain('lacks the privilege VM.Snapshot on /vms/101');
    expect(m).toContain('take and delete container snapshots');
    expect(m).toContain('pveum role modify Kiln --privs VM.Snapshot --append 1');
  });
  it('reads PVE’s alternatives (a rollback needs either)', () => {
    const m = missingPrivilegeMessage('VM.Snapshot|VM.Snapshot.Rollback', '/vms/101');
    expect(m).toContain('VM.Snapshot or VM.Snapshot.Rollback');
    expect(m).toContain('--privs VM.Snapshot --append 1');
  });
});
