import { describe, expect, it } from 'vitest';
import { AuthenticationError, normalizeAclPath } from './access-control';
import { checkApiPermissions } from './perm-check';
import { resolveTokens } from './tokens';

const setup = () =>
  resolveTokens(
    [
      { id: 'kiln@pve!dash', secret: 's1', privileges: { '/': ['VM.Audit', 'VM.Allocate', 'Sys.Audit'], '/vms/900': ['VM.Audit'] } },
      { id: 'other@pve!wide', secret: 's2', privileges: { '/': ['VM.Audit', 'VM.Allocate', 'Sys.Modify'] }, userPrivileges: { '/': ['VM.Audit'] } },
      { id: 'kiln@pve!shared', secret: 's3', privsep: false, privileges: { '/': ['VM.Audit'] } },
      { id: 'root@pam!ops', secret: 's4', privsep: false },
    ],
    {},
  ).acl;

describe('AccessControl', () => {
  it('verifies token secrets, splitting at the last "="', () => {
    const acl = setup();
    expect(acl.verifyToken('kiln@pve!dash=s1')).toBe('kiln@pve!dash');
    expect(() => acl.verifyToken('kiln@pve!dash=nope')).toThrow(new AuthenticationError('invalid token value!'));
    expect(() => acl.verifyToken('kiln@pve!ghost=s1')).toThrow("no such token 'ghost' for user 'kiln@pve'");
    expect(() => acl.verifyToken('nobody@pve!xx=s1')).toThrow("user 'nobody@pve' does not exist");
  });

  it('inherits from parent paths and lets the most specific entry win', () => {
    const acl = setup();
    expect(acl.permissions('kiln@pve!dash', '/vms/101').has('VM.Allocate')).toBe(true);
    expect([...acl.permissions('kiln@pve!dash', '/vms/900')]).toEqual(['VM.Audit']);
  });

  it('intersects privilege-separated tokens with their user', () => {
    const acl = setup();
    expect([...acl.permissions('other@pve!wide', '/')]).toEqual(['VM.Audit']);
  });

  it('gives non-separated tokens their user permissions, and root@pam everything', () => {
    const acl = setup();
    expect(acl.permissions('kiln@pve!shared', '/').has('VM.Audit')).toBe(true);
    expect(acl.permissions('root@pam!ops', '/vms/1').has('Sys.Modify')).toBe(true);
  });

  it('throws PVE permission errors naming path and privilege', () => {
    const acl = setup();
    expect(() => acl.check('kiln@pve!dash', '/vms/101/', ['VM.PowerMgmt'])).toThrow('Permission check failed (/vms/101, VM.PowerMgmt)');
    expect(() => acl.check('kiln@pve!dash', '/', ['VM.Backup', 'VM.Clone'], { any: true })).toThrow('Permission check failed (/, VM.Backup|VM.Clone)');
    expect(acl.check('kiln@pve!dash', '/', ['VM.Backup'], { noerr: true })).toBe(false);
  });

  it('normalizes ACL paths', () => {
    expect(normalizeAclPath('vms//101/')).toBe('/vms/101');
    expect(normalizeAclPath('')).toBe('/');
  });
});

describe('checkApiPermissions', () => {
  it('evaluates perm, and/or and any-checks from the schema', () => {
    const acl = setup();
    const vmid = { vmid: '101' };
    expect(() => checkApiPermissions(acl, { check: ['perm', '/vms/{vmid}', ['VM.Audit']] }, 'kiln@pve!dash', vmid)).not.toThrow();
    expect(() => checkApiPermissions(acl, { check: ['perm', '/vms/{vmid}', ['VM.Console']] }, 'kiln@pve!dash', vmid)).toThrow('(/vms/101, VM.Console)');
    const or = { check: ['or', ['perm', '/', ['Sys.Modify']], ['perm', '/vms/{vmid}', ['VM.Audit']]] };
    expect(() => checkApiPermissions(acl, or, 'kiln@pve!dash', vmid)).not.toThrow();
    const and = { check: ['and', ['perm', '/', ['Sys.Audit']], ['perm', '/', ['Sys.Modify']]] };
    expect(() => checkApiPermissions(acl, and, 'kiln@pve!dash', vmid)).toThrow('Permission check failed (/, Sys.Modify)');
    expect(() => checkApiPermissions(acl, { user: 'all' }, 'kiln@pve!dash', vmid)).not.toThrow();
  });
});
