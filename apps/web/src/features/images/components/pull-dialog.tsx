'use client';

import { useState } from 'react';
import { useAction } from 'next-safe-action/hooks';
import { OCI_REFERENCE_PATTERN } from '@kiln/pve/schemas';
import { IMAGE_OPERATIONS } from '@kiln/services/operations-table';
import { FormAlert, FormField } from '@/components/form-field';
import { FormDialog, FormDialogButtons } from '@/components/ui/form-dialog';
import { pullImageAction } from '../actions/pull-image';
import type { RunOperation } from './images-panel';

const HINT = 'With a tag, such as docker.io/library/alpine:3.22 or ghcr.io/org/app:1.0 (lowercase names).';

/** "Pull OCI image" (PVE 9.1+): a reference checked against PVE's pattern as you type. */
export function PullDialog({ nodeId, storage, op }: { nodeId: string; storage: string; op: RunOperation }) {
  const pull = useAction(pullImageAction);
  const [open, setOpen] = useState(false);
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string>();
  const [fieldError, setFieldError] = useState<string>();
  const def = IMAGE_OPERATIONS['image.pull'];
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    const ref = reference.trim();
    if (!OCI_REFERENCE_PATTERN.test(ref)) {
      setFieldError(`Not an image reference Proxmox VE accepts. ${HINT}`);
      return;
    }
    setFieldError(undefined);
    const err = await op.run(`${def.working} ${ref}`, () => pull.executeAsync({ nodeId, storage, reference: ref }));
    if (err) setError(err);
    else {
      setOpen(false);
      setReference('');
    }
  }
  return (
    <FormDialog
      open={open}
      onOpenChange={(v) => {
        setOpen(v);
        setError(undefined);
      }}
      trigger={`${def.label}…`}
      triggerClassName="btn-secondary px-2 py-1 text-xs"
      title={`Pull an OCI image to ${storage}`}
      description="Proxmox VE 9.1 pulls the image from its registry and keeps it as a container template (.tar)."
    >
      <form onSubmit={(e) => void submit(e)} className="space-y-3">
        <FormAlert message={error} />
        <FormField id={`oci-ref-${storage}`} label="Image reference" error={fieldError} hint={HINT}>
          <input
            id={`oci-ref-${storage}`}
            name="reference"
            className="input font-mono"
            value={reference}
            maxLength={512}
            autoComplete="off"
            aria-invalid={fieldError ? true : undefined}
            onChange={(e) => {
              setReference(e.target.value);
              if (fieldError && OCI_REFERENCE_PATTERN.test(e.target.value.trim())) setFieldError(undefined);
            }}
          />
        </FormField>
        <FormDialogButtons busy={op.busy} label={def.label} busyLabel={`${def.working}…`} />
      </form>
    </FormDialog>
  );
}
