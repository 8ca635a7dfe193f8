import type { Metadata } from 'next';
import { DeleteIpPoolButton, IpPoolDialog } from '@/features/ip-pools/components/ip-pool-dialog';
import { ipPoolsFor } from '@/features/ip-pools/queries';
import { requireUser } from '@/server/session';

export const metadata: Metadata = { title: 'IP pools' };

export default async function IpPoolsPage() {
  const user = await requireUser();
  const pools = await ipPoolsFor(user.id);
  return (
    <section className="card">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div>
          <h2 className="font-semibold">IP pools</h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Address ranges per bridge and VLAN. Usage counts Kiln’s allocations and every address a guest on your clusters reports or is configured with.
          </p>
        </div>
        <IpPoolDialog />
      </div>
      {pools.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-zinc-500">No pools yet: the wizard offers DHCP and typed static addresses only.</p>
      ) : (
        <ul>
          {pools.map((p) => (
            <li key={p.id} data-pool={p.name} className="space-y-2 border-b border-zinc-200 px-4 py-3 last:border-b-0 dark:border-zinc-800">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="min-w-0">
                  <p className="font-medium break-words">{p.name}</p>
                  <p className="text-xs text-zinc-500">
                    {p.bridge}
                    {p.vlan ? ` · VLAN ${p.vlan}` : ''} · {p.cidr}
                    {p.rangeStart && p.rangeEnd ? ` · ${p.rangeStart}–${p.rangeEnd}` : ''}
                    {p.gateway ? ` · gateway ${p.gateway}` : ''}
                    {p.dns.length ? ` · DNS ${p.dns.join(', ')}` : ''}
                    {p.reserved.length ? ` · reserved ${p.reserved.join(', ')}` : ''}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-1">
                  <IpPoolDialog
                    id={p.id}
                    values={{
                      name: p.name,
                      bridge: p.bridge,
                      vlan: p.vlan ? String(p.vlan) : '',
                      cidr: p.cidr,
                      rangeStart: p.rangeStart ?? '',
                      rangeEnd: p.rangeEnd ?? '',
                      reserved: p.reserved.join(' '),
                      gateway: p.gateway ?? '',
                      dns: p.dns.join(' '),
                    }}
                  />
                  <DeleteIpPoolButton id={p.id} name={p.name} />
                </div>
              </div>
              <p className="text-sm" data-testid="pool-usage">
                {`${p.used.length} used · ${p.free} free of ${p.capacity}`}
              </p>
              {p.used.length ? (
                <table className="w-full text-left text-xs">
                  <caption className="sr-only">Addresses in use in {p.name}</caption>
                  <thead className="text-zinc-500">
                    <tr>
                      <th className="py-1 pr-3 font-medium">Address</th>
                      <th className="py-1 pr-3 font-medium">Held by</th>
                      <th className="py-1 font-medium">Source</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.used.map((u) => (
                      <tr key={u.address} data-address={u.address}>
                        <td className="py-0.5 pr-3 font-mono">{u.address}</td>
                        <td className="py-0.5 pr-3">{u.holder}</td>
                        <td className="py-0.5 text-zinc-500">{u.source === 'kiln' ? 'handed out by Kiln' : u.source === 'seen' ? 'answered the ARP probe' : 'found on a guest'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
