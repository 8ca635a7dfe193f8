'use client';

import { useEffect } from 'react';
import type { UseFormReturn } from 'react-hook-form';
import { useAction } from 'next-safe-action/hooks';
import type { CreateContainerInput } from '@kiln/services/schemas';
import { FormField } from '@/components/form-field';
import { ipPoolChoicesAction } from '@/features/ip-pools/actions/pool-choices';

/**
 * "Next free address from pool X": the pools on the chosen bridge. The address itself is picked
 * by the server when the container is created (never two creations the same one).
 */
export function PoolField({ form, bridge, error }: { form: UseFormReturn<CreateContainerInput>; bridge: string; error?: string }) {
  const pools = useAction(ipPoolChoicesAction);
  useEffect(() => {
    if (!bridge) return;
    void pools.executeAsync({ bridge }).then((r) => {
      const list = r?.data ?? [];
      const current = form.getValues('network.ipv4PoolId');
      if (!list.some((p) => p.id === current)) form.setValue('network.ipv4PoolId', list[0]?.id ?? '');
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge]);
  const list = pools.result.data;
  const chosen = list?.find((p) => p.id === form.watch('network.ipv4PoolId'));
  return (
    <FormField
      id="ipv4PoolId"
      label="Pool"
      error={error ?? pools.result.serverError?.message}
      hint={
        !list
          ? 'Loading your pools…'
          : list.length === 0
            ? `You have no pool on ${bridge}: add one in Settings → IP pools.`
            : chosen
              ? `${chosen.cidr}${chosen.gateway ? `, gateway ${chosen.gateway}` : ''}${chosen.vlan ? `, VLAN ${chosen.vlan}` : ''}${chosen.dns.length ? `, DNS ${chosen.dns.join(' ')}` : ''}`
              : undefined
      }
    >
      <select id="ipv4PoolId" className="input" {...form.register('network.ipv4PoolId')}>
        {(list ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.cidr})
          </option>
        ))}
      </select>
    </FormField>
  );
}
