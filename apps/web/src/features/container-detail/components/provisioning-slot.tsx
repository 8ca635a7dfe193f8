import { ProvisioningPanel } from '@/features/provisioning/components/provisioning-panel';
import { creationProgress } from '@/features/provisioning/queries';
import type { ContainerPageData } from '../queries';

/**
 * For containers Kiln is creating (`creating`) or failed to create (`error`): the live
 * provisioning panel (steps, streamed output, Retry / Delete / Keep) on the container page.
 */
export async function ProvisioningSlot({ kiln, userId }: { kiln: NonNullable<ContainerPageData['kiln']>; userId: string }) {
  if (kiln.lifecycle !== 'creating' && kiln.lifecycle !== 'error') return null;
  const progress = await creationProgress(userId, kiln.id);
  if (!progress) return null;
  return (
    <div className="mb-4" data-slot="provisioning-panel" data-container-id={kiln.id}>
      <ProvisioningPanel initial={progress} />
    </div>
  );
}
