import { AppShell } from '@/components/shell/app-shell';
import { NoNodeBanner } from '@/components/shell/no-node-banner';
import { firingCountFor } from '@/features/alerts/queries';
import { nodeCount } from '@/features/nodes/queries';
import { requireUser } from '@/server/session';

export const dynamic = 'force-dynamic';

/** The auth boundary for every page inside the app: checked here, on the server, per request. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const [nodes, firing] = await Promise.all([nodeCount(user.id), firingCountFor(user.id)]);
  return (
    <AppShell alertCount={firing} user={{ username: user.username, displayName: user.displayName, role: user.role }} banner={nodes === 0 ? <NoNodeBanner /> : undefined}>
      {children}
    </AppShell>
  );
}
