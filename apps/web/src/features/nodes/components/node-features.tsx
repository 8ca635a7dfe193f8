import type { UnavailableFeature } from '@kiln/services';
import { CommandBlock } from './command-block';

/**
 * Optional features the node's API token lacks privileges for (from its last connection test):
 * the node works without them; each says what is missing and the pveum commands that grant it.
 */
export function NodeFeatures({ unavailable, tested }: { unavailable: UnavailableFeature[]; tested: boolean }) {
  return (
    <section id="features" className="card space-y-3 p-4" aria-label="Optional features">
      <h3 className="font-semibold">Optional features</h3>
      {!tested ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Test the connection to see which optional features (backups, backup schedules) this token allows.</p>
      ) : unavailable.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">Every optional feature is available with this token.</p>
      ) : (
        unavailable.map((f) => (
          <div key={f.feature} className="space-y-2" data-testid={`feature-${f.feature}`}>
            <p className="text-sm">
              <strong>{f.label}</strong> unavailable: the token lacks {f.missing.join('; ')}.
            </p>
            <CommandBlock commands={f.grant} />
          </div>
        ))
      )}
    </section>
  );
}
