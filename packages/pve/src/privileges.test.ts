import { describe, expect, it } from 'vitest';
import { fixtureData } from '../test/fixtures/load';
import { hasPrivilege, KILN_REQUIRED_PRIVILEGES, lackingPrivileges, missingPrivilegeMessage, privilegeReport, renderFeatureGrantCommands, renderPveumCommands } from './privileges';
import { permissionsSchema } from './schemas/access';

describe('privilegeReport', () => {
  it('is ok for a token with the Kiln role on the four paths', () => {
    const report = privilegeReport(permissionsSchema.parse(fixtureData('permissions-full')));
    expect(report.ok).toBe(true);
    expect(report.missing).toEqual([]);
    expect(report.required).toHaveLength(KILN_REQUIRED_PRIVILEGES.length);
    expect(report.required.filter((r) => !r.feature).every((r) => r.granted && r.purpose.length > 0)).toBe(true);
  });

  it('optional features missing a privilege do not make the node broken, and say what they lack', () => {
    const perms = permissionsSchema.parse(fixtureData('permissions-full'));
    const report = privilegeReport(perms);
    expect(report.ok).toBe(true);
    const backups = report.features.find((f) => f.feature === 'backups');
    expect(backups?.available).toBe(false);
    expect(backups?.missing.map((m) => `${m.privilege} on ${m.path}`)).toEqual(['VM.Backup on /vms']);
    const withBackup = privilegeReport({ ...perms, '/vms': { ...perms['/vms'], 'VM.Backup': true } });
    expect(withBackup.features.find((f) => f.feature === 'backups')?.available).toBe(true);
  });

  it('names what one action lacks on its objects', () => {
    const perms = { '/vms': { 'VM.Backup': true }, '/vms/105': {}, '/storage': { 'Datastore.AllocateSpace': true } };
    expect(
      lackingPrivileges(perms, [
        { path: '/vms/101', privilege: 'VM.Backup' },
        { path: '/storage/local', privilege: 'Datastore.AllocateSpace' },
      ]),
    ).toEqual([]);
    expect(lackingPrivileges(perms, [{ path: '/vms/105', privilege: 'VM.Backup' }])).toEqual(['VM.Backup on /vms/105']);
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
    const roleCmds = cmds.filter((c) => c.startsWith('pveum role add'));
    expect(roleCmds[0]).toMatch(/^pveum role add 'Kiln' --privs '/);
    expect(new Set(roleCmds.flatMap((c) => /--privs '([^']+)'/.exec(c)![1]!.split(',')))).toEqual(privs);
    // Sys.Modify for backup jobs is granted on / alone, through its own role
    expect(cmds).toContain("pveum role add 'KilnJobs' --privs 'Sys.Audit,Sys.Modify'");
    expect(cmds).toContain("pveum acl modify '/' --tokens 'kiln@pve!kiln' --roles 'KilnJobs'");
    expect(cmds).not.toContain("pveum acl modify '/' --tokens 'kiln@pve!kiln' --roles 'Kiln'");
    expect(cmds).toContain("pveum user add 'kiln@pve' --comment 'Kiln dashboard'");
    expect(cmds).toContain("pveum user token add 'kiln@pve' 'kiln' --privsep 1 --comment 'Kiln dashboard'");
    for (const path of ['/vms', '/storage', '/nodes', '/sdn/zones']) {
      expect(cmds).toContain(`pveum acl modify '${path}' --users 'kiln@pve' --roles 'Kiln'`);
      expect(cmds).toContain(`pveum acl modify '${path}' --tokens 'kiln@pve!kiln' --roles 'Kiln'`);
    }
  });

  it('grants a feature’s missing privileges to an existing token', () => {
    const missing = KILN_REQUIRED_PRIVILEGES.filter((p) => p.privilege === 'VM.Backup' || p.privilege === 'Sys.Modify');
    expect(renderFeatureGrantCommands('kiln@pve!kiln', missing)).toEqual([
      "pveum role modify 'Kiln' --append 1 --privs 'VM.Backup' || pveum role add 'Kiln' --privs 'VM.Backup'",
      "pveum acl modify '/vms' --users 'kiln@pve' --roles 'Kiln'",
      "pveum acl modify '/vms' --tokens 'kiln@pve!kiln' --roles 'Kiln'",
      "pveum role modify 'KilnJobs' --append 1 --privs 'Sys.Modify' || pveum role add 'KilnJobs' --privs 'Sys.Modify'",
      "pveum acl modify '/' --users 'kiln@pve' --roles 'KilnJobs'",
      "pveum acl modify '/' --tokens 'kiln@pve!kiln' --roles 'KilnJobs'",
    ]);
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
