'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { CopyButton } from '@/features/nodes/components/copy-button';

/** Generated secrets, shown once: Kiln keeps them encrypted and never shows them again. */
export function SecretsDialog({ secrets, onClose }: { secrets: Record<string, string>; onClose: () => void }) {
  return (
    <Dialog.Root
      open
      onOpenChange={(o) => {
        if (!o) onClose();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40" />
        <Dialog.Content className="card fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 p-6">
          <Dialog.Title className="text-lg font-semibold">Save these now</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Kiln generated them for this container. They are stored encrypted and will not be shown again.
          </Dialog.Description>
          <dl className="mt-4 space-y-3">
            {Object.entries(secrets).map(([k, v]) => (
              <div key={k}>
                <dt className="text-xs text-zinc-500">{k}</dt>
                <dd className="flex items-center gap-2">
                  <code className="flex-1 break-all rounded bg-zinc-100 px-2 py-1 text-sm dark:bg-zinc-800">{v}</code>
                  <CopyButton text={v} />
                </dd>
              </div>
            ))}
          </dl>
          <div className="mt-5 flex justify-end">
            <button type="button" className="btn-primary" onClick={onClose}>
              I saved them — show progress
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
