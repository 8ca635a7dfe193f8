import 'server-only';
import { activeAdoptionFor, type ContainerRef } from '@kiln/services';
import { containerDeps } from '@/features/container-detail/server';

/** The user's adoption of this container still under way (the reloaded page follows it), or null. */
export function activeAdoption(userId: string, ref: ContainerRef) {
  return activeAdoptionFor(containerDeps().db, userId, ref);
}
