'use client';

import { useAction } from 'next-safe-action/hooks';
import { DeleteButton } from '@/components/ui/delete-button';
import { deleteUserAction } from '../actions/delete-user';

export function DeleteUserButton({ userId, username }: { userId: string; username: string }) {
  const { executeAsync } = useAction(deleteUserAction);
  return (
    <DeleteButton
      title={`Delete ${username}?`}
      description="The account, its nodes, templates and Kiln's records of its containers are removed. Containers on Proxmox are not touched. Active sessions end at once."
      confirmLabel="Delete user"
      onConfirm={async () => {
        const res = await executeAsync({ userId });
        return res?.serverError?.message ?? (res?.validationErrors ? 'This user cannot be deleted.' : undefined);
      }}
    />
  );
}
