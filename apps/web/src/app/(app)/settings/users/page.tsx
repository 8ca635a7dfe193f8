import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { CreateUserDialog } from '@/features/users/components/create-user-dialog';
import { DeleteUserButton } from '@/features/users/components/delete-user-button';
import { formatWhen } from '@/features/audit/components/audit-table';
import { ResetUserDialog } from '@/features/users/components/reset-user-dialog';
import { RequireTwoFactorToggle } from '@/features/users/components/require-two-factor-toggle';
import { allUsers, twoFactorRequired } from '@/features/users/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const me = await requireUser();
  if (me.role !== 'admin') notFound();
  const [users, required] = await Promise.all([allUsers(), twoFactorRequired()]);
  return (
    <section className="card">
      <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 className="font-semibold">Users</h2>
        <CreateUserDialog />
      </div>
      <div className="border-b border-zinc-200 dark:border-zinc-800">
        <RequireTwoFactorToggle required={required} />
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              <th className="px-4 py-2 font-medium">Username</th>
              <th className="hidden px-4 py-2 font-medium sm:table-cell">Role</th>
              <th className="hidden px-4 py-2 font-medium sm:table-cell">2FA</th>
              <th className="hidden px-4 py-2 font-medium sm:table-cell">Last sign-in</th>
              <th className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {users.map((u) => (
              <tr key={u.id}>
                <td className="px-4 py-2">
                  <span className="font-medium">{u.username}</span>
                  {u.displayName ? <span className="ml-2 text-zinc-500">{u.displayName}</span> : null}
                  {/* On a phone the other columns fold into one line under the name. */}
                  <div className="text-xs text-zinc-500 sm:hidden">
                    {u.role} · 2FA {u.twoFactor ? 'on' : 'off'} · {u.lastLoginAt ? `signed in ${formatWhen(u.lastLoginAt)}` : 'never signed in'}
                  </div>
                </td>
                <td className="hidden px-4 py-2 sm:table-cell">{u.role}</td>
                <td className="hidden px-4 py-2 sm:table-cell">{u.twoFactor ? 'on' : 'off'}</td>
                <td className="hidden px-4 py-2 text-zinc-500 sm:table-cell">{u.lastLoginAt ? formatWhen(u.lastLoginAt) : 'never'}</td>
                <td className="whitespace-nowrap px-4 py-2 text-right">
                  {u.id === me.id ? (
                    <span className="text-xs text-zinc-500">you</span>
                  ) : (
                    <>
                      <ResetUserDialog userId={u.id} username={u.username} hasTwoFactor={u.twoFactor} />
                      <DeleteUserButton userId={u.id} username={u.username} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
