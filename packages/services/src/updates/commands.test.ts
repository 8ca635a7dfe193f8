import { describe, expect, it } from 'vitest';
import { updateRequestSchema } from '../schemas/updates';
import { APT_SECURITY_UPGRADE, APT_UPGRADE, DETECT_OS, DNF_SECURITY_UPGRADE, DNF_UPGRADE, extraCheckExec, osUpgradeExec, parseDetectOs } from './commands';

describe('OS upgrade commands', () => {
  it('runs apt without questions, keeping changed config files and waiting for the dpkg lock', () => {
    expect(osUpgradeExec('apt', false)).toEqual({ argv: ['sh', '-c', APT_UPGRADE, 'kiln-os-upgrade'] });
    for (const flag of ['export DEBIAN_FRONTEND=noninteractive', '-o Dpkg::Options::=--force-confold', '-o DPkg::Lock::Timeout=120', '-y', '</dev/null']) expect(APT_UPGRADE).toContain(flag);
  });

  it('upgrades security fixes only from the security sources, and says so when there are none', () => {
    expect(osUpgradeExec('apt', true)).toEqual({ argv: ['sh', '-c', APT_SECURITY_UPGRADE, 'kiln-os-upgrade'] });
    expect(APT_SECURITY_UPGRADE).toContain('-o Dir::Etc::SourceList="$list" -o Dir::Etc::SourceParts=/dev/null upgrade');
    expect(APT_SECURITY_UPGRADE).toContain('no security sources found');
  });

  it('refuses security-only upgrades on Alpine, which has no such split', () => {
    expect(osUpgradeExec('apk', true)).toEqual({ refusal: 'Alpine’s apk has no separate security updates: choose “all OS packages”.' });
  });

  it('upgrades with dnf non-interactively on fresh metadata, security-only with --security, retrying while dnf5 finds the rpm lock held', () => {
    expect(osUpgradeExec('dnf', false)).toEqual({ argv: ['sh', '-c', DNF_UPGRADE, 'kiln-os-upgrade'] });
    expect(osUpgradeExec('dnf', true)).toEqual({ argv: ['sh', '-c', DNF_SECURITY_UPGRADE, 'kiln-os-upgrade'] });
    expect(DNF_UPGRADE).toContain('dnf -y --refresh upgrade </dev/null 2>&1');
    expect(DNF_SECURITY_UPGRADE).toContain('dnf -y --refresh upgrade --security </dev/null 2>&1');
    expect(DNF_UPGRADE).toContain('grep -q "Failed to obtain rpm transaction lock"');
    expect(DNF_UPGRADE).toContain('exit "$rc"');
  });

  it('asks the distribution’s own package manager first', () => {
    const script = DETECT_OS.argv[2] ?? '';
    expect(script).toContain('*" fedora "*|*" rhel "*|*" centos "*|*" rocky "*) own=dnf;;');
    expect(script).toContain('for p in $own apt-get apk dnf;');
  });

  it('reads the distribution and the package manager from the detection output', () => {
    expect(parseDetectOs('debian\n\napt-get\n')).toEqual({ id: 'debian', like: '', pm: 'apt' });
    expect(parseDetectOs('rocky\nrhel centos fedora\ndnf\n')).toEqual({ id: 'rocky', like: 'rhel centos fedora', pm: 'dnf' });
    expect(parseDetectOs('unknown\n\nnone\n').pm).toBeUndefined();
  });

  it('passes the port and path of the extra check as words, never inside the script', () => {
    const tcp = extraCheckExec({ kind: 'tcp', port: 5432 });
    expect(tcp.argv.slice(-2)).toEqual(['5432', '10']);
    const http = extraCheckExec({ kind: 'http', port: 8080, path: '/health?x=$(id)' });
    expect(http.argv).toContain('/health?x=$(id)');
    expect(http.argv.filter((a) => a.includes('$(id)'))).toHaveLength(1);
  });
});

describe('the update request', () => {
  const id = '0b6c3f1e-3f0a-4c53-9b8e-2f6a1d4b7c10';
  it('needs a version for a template update, a storage for a backup, and a safety net chosen explicitly', () => {
    expect(updateRequestSchema.safeParse({ what: 'template', safety: 'snapshot' }).error?.issues[0]).toMatchObject({ path: ['toTemplateId'], message: 'Choose the version to update to.' });
    expect(updateRequestSchema.safeParse({ what: 'os', safety: 'backup' }).error?.issues[0]).toMatchObject({ path: ['backupStorage'] });
    expect(updateRequestSchema.safeParse({ what: 'os' }).error?.issues[0]).toMatchObject({ path: ['safety'], message: 'Choose a safety net, or "none" explicitly.' });
    expect(updateRequestSchema.parse({ what: 'template', toTemplateId: id, safety: 'none' })).toEqual({ what: 'template', toTemplateId: id, safety: 'none', force: false, keepDays: 7 });
  });
});
