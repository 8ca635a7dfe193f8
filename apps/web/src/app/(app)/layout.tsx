import { AppShell } from '@/components/shell/app-shell';
import { shellInputs } from '@/components/shell/inputs';
import { NoNodeBanner } from '@/components/shell/no-node-banner';
import { requireUser } from '@/server/session';

export const dynamic = 'force-dynamic';

/**
 * The auth boundary for every page inside the app: checked here, on the server, per request.
 * Everything it renders comes from the user and `shellInputs` (cached views key on exactly those).
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const { nodes, firing } = await shellInputs(user.id);
  return (
    <AppShell alertCount={firing} user={{ username: user.username, displayName: user.displayName, role: user.role }} banner={nodes === 0 ? <NoNodeBanner /> : undefined}>
      {children}
    </AppShell>
  );
}
