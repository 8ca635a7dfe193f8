/** One AbortSignal for a call: fires at its timeout or when the caller's signal aborts, with an SshError as reason. */
import { SshError } from './errors';

export interface Deadline {
  signal: AbortSignal;
  dispose(): void;
}

export function deadline(label: string, timeoutMs: number | undefined, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => controller.abort(new SshError('timeout', `The command on ${label} did not finish within ${Math.round(timeoutMs / 100) / 10}s and was killed.`, { target: label, reason: 'deadline' })),
          timeoutMs,
        );
  const onAbort = () => controller.abort(new SshError('timeout', `The command on ${label} was cancelled and killed.`, { target: label, reason: 'aborted' }));
  if (outer?.aborted) onAbort();
  else outer?.addEventListener('abort', onAbort, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      if (timer) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}

/** Reject as soon as the signal aborts, without cancelling the shared work behind `promise`. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
