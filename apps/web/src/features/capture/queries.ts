import 'server-only';
import { activeCaptureFor, captureDraftFor, type ContainerRef } from '@kiln/services';
import { containerDeps } from '@/features/container-detail/server';

/** The user's capture of this container still under way (the reloaded page follows it), or null. */
export function activeCapture(userId: string, ref: ContainerRef) {
  return activeCaptureFor(containerDeps().db, userId, ref);
}

/** The draft of one of the user's finished captures (anyone else's: null), for the template editor. */
export function captureDraft(userId: string, operationId: string) {
  return captureDraftFor(containerDeps().db, userId, operationId);
}
