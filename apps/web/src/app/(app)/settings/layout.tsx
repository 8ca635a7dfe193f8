import { PageHeader } from '@/components/page-header';
import { SettingsNav } from '@/features/settings/components/settings-nav';
import { requireUser } from '@/server/session';

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <PageHeader title="Settings" />
      <SettingsNav isAdmin={user.role === 'admin'} />
      {children}
    </>
  );
}
