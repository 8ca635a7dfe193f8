'use client';

import type { PlanPreview } from '@kiln/services';

/** Exactly what Kiln will do: the API request (secrets masked), root-only options over SSH, each step. */
export function ReviewStep({ plan }: { plan: PlanPreview | undefined }) {
  if (!plan)
    return (
      <p className="text-sm text-zinc-500" aria-busy="true">
        Building the plan…
      </p>
    );
  const rootOnly = Object.entries(plan.rootOnly);
  return (
    <div className="space-y-4" data-testid="review">
      <div className="card p-4 text-sm">
        <h3 className="font-semibold">
          {plan.template.name} {plan.template.version} on {plan.node.name} ({plan.node.pveNode})
        </h3>
        <p className="mt-1 text-zinc-600 dark:text-zinc-400">VMID: {plan.vmid === 'auto' ? 'the next free one, reserved at creation' : plan.vmid}</p>
      </div>
      <div className="card p-4">
        <h3 className="mb-2 text-sm font-semibold">1. Create through the Proxmox API</h3>
        <pre className="max-h-72 overflow-auto rounded bg-zinc-950 p-3 text-xs text-zinc-100">{`POST /nodes/${plan.node.pveNode}/lxc\n${JSON.stringify(plan.apiOptions, null, 2)}`}</pre>
      </div>
      <div className="card p-4 text-sm">
        <h3 className="mb-2 font-semibold">2. Root-only options over SSH</h3>
        {rootOnly.length === 0 ? (
          <p className="text-zinc-600 dark:text-zinc-400">None: the API token can set everything this container needs.</p>
        ) : (
          <>
            <p className="text-zinc-600 dark:text-zinc-400">
              An API token cannot set these; Kiln runs <code>pct set</code> as root before the first start:
            </p>
            <pre className="mt-2 overflow-x-auto rounded bg-zinc-950 p-2 text-xs text-zinc-100">{rootOnly.map(([k, v]) => `pct set <vmid> --${k} ${v}`).join('\n')}</pre>
          </>
        )}
      </div>
      <div className="card p-4 text-sm">
        <h3 className="mb-2 font-semibold">3. Steps</h3>
        <ol className="list-decimal space-y-0.5 pl-5">
          {plan.steps.map((s) => (
            <li key={s.key}>{s.title}</li>
          ))}
        </ol>
        {plan.generatedSecrets.length ? (
          <p className="mt-2 text-xs text-zinc-500">
            Kiln generates {plan.generatedSecrets.join(', ')} and shows {plan.generatedSecrets.length === 1 ? 'it' : 'them'} once after you create.
          </p>
        ) : null}
      </div>
    </div>
  );
}
