'use client';

import { useEffect, useState, type ReactNode } from 'react';
import type { AlertPeriod, MetricsResult, Timeframe } from '@kiln/services';
import { cn } from '@/lib/cn';
import { containerMetricsAction } from '../actions/container-metrics';
import { nodeMetricsAction } from '../actions/node-metrics';
import { bytes, percent, rate } from './format';
import { formatCount } from '@/lib/format';
import { MetricChart } from './metric-chart';
import { shadedAreas, visibleRange } from '../shading';

const FRAMES: { key: Timeframe; label: string }[] = [
  { key: 'hour', label: 'Hour' },
  { key: 'day', label: 'Day' },
  { key: 'week', label: 'Week' },
  { key: 'month', label: 'Month' },
  { key: 'year', label: 'Year' },
];

const ORANGE = '#ea580c';
const SKY = '#0284c7';
const ZINC = '#71717a';

export type MetricsSource = { kind: 'container'; nodeId: string; vmid: number } | { kind: 'node'; nodeId: string; pveNode: string };

function load(source: MetricsSource, timeframe: Timeframe) {
  return source.kind === 'container'
    ? containerMetricsAction({ nodeId: source.nodeId, vmid: source.vmid, timeframe })
    : nodeMetricsAction({ nodeId: source.nodeId, pveNode: source.pveNode, timeframe });
}

/**
 * CPU, memory, network and (for containers) disk I/O charts from rrddata, per timeframe, with the
 * periods of the target's alerts shaded. `alertsKey` (the page's open alerts, e.g. their ids and
 * states) reloads the charts when it changes, so an alert that fires or resolves while the page is
 * open is shaded without a reload of the page.
 */
export function MetricsPanel({ source, compact = false, title, heading, alertsKey = '' }: { source: MetricsSource; compact?: boolean; title?: string; heading?: ReactNode; alertsKey?: string }) {
  const [timeframe, setTimeframe] = useState<Timeframe>('hour');
  const [data, setData] = useState<MetricsResult & { alerts: AlertPeriod[] }>();
  const [loadedAt, setLoadedAt] = useState(0);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(source);

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(undefined);
    // Server actions are awaited directly here (not useAction): several panels load in parallel
    // on the dashboard and each keeps its own state.
    load(source, timeframe)
      .then((r) => {
        if (cancelled) return;
        if (r?.data) {
          setData(r.data);
          setLoadedAt(Date.now());
        } else setError(r?.serverError?.message ?? 'The metrics could not be loaded.');
      })
      .catch(() => !cancelled && setError('The metrics could not be loaded.'))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, timeframe, alertsKey]);

  const rows = (data?.points ?? []).map((p) => ({ ...p, cpu: p.cpu === null ? null : p.cpu * 100 }));
  // PVE writes one sample a minute: a container created moments ago has none yet, which is not an error.
  const neverSampled = !!data && data.points.every((p) => p.cpu === null && p.mem === null && p.netin === null);
  // An open alert is shaded up to the time of the last load ("now" for the panel).
  const range = data ? visibleRange(rows, data.alerts, loadedAt) : null;
  const shaded = range && data ? shadedAreas(data.alerts, range, loadedAt) : [];
  const chart = { data: rows, timeframe, range, shaded };
  const emptyText = neverSampled && source.kind === 'container' ? 'Proxmox VE is collecting the first samples (one a minute): the charts fill in within a few minutes.' : undefined;
  return (
    <section aria-label={title ?? 'Metrics'} className="space-y-3" data-testid="metrics-panel" data-loading={loading ? 'true' : 'false'} data-timeframe={data?.timeframe}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        {heading ?? (title ? <h2 className="font-semibold">{title}</h2> : <span />)}
        <div role="group" aria-label="Time range" className="inline-flex rounded-md border border-zinc-300 dark:border-zinc-700">
          {FRAMES.map((f) => (
            <button
              key={f.key}
              type="button"
              aria-pressed={timeframe === f.key}
              onClick={() => setTimeframe(f.key)}
              className={cn(
                'px-2.5 py-1 text-xs first:rounded-l-md last:rounded-r-md',
                timeframe === f.key ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800',
              )}
            >
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300">
          {error}
        </p>
      ) : null}
      {loading && !data ? (
        <div className={cn('grid gap-3', compact ? 'grid-cols-1' : 'sm:grid-cols-2')} aria-busy="true">
          {Array.from({ length: compact ? 2 : 4 }, (_, i) => (
            <div key={i} className="h-48 animate-pulse rounded-lg bg-zinc-200 dark:bg-zinc-800" />
          ))}
          <span className="sr-only">Loading metrics…</span>
        </div>
      ) : data ? (
        <div className={cn('grid gap-3', compact ? 'grid-cols-1' : 'sm:grid-cols-2', loading && 'opacity-60')}>
          <MetricChart
            title={`CPU${data.maxcpu ? ` (of ${formatCount(data.maxcpu, 'core')})` : ''}`}
            {...chart}
            emptyText={emptyText}
            format={percent}
            domain={[0, 100]}
            series={[{ key: 'cpu', label: 'CPU', colour: ORANGE }]}
          />
          <MetricChart
            title="Memory"
            {...chart}
            emptyText={emptyText}
            format={bytes}
            series={[
              { key: 'mem', label: 'used', colour: SKY },
              { key: 'maxmem', label: 'total', colour: ZINC, limit: true },
            ]}
          />
          {!compact ? (
            <>
              <MetricChart
                title="Network"
                {...chart}
                emptyText={emptyText}
                format={rate}
                series={[
                  { key: 'netin', label: 'in', colour: SKY },
                  { key: 'netout', label: 'out', colour: ORANGE },
                ]}
              />
              {source.kind === 'container' ? (
                <MetricChart
                  title="Disk I/O"
                  {...chart}
                  emptyText={emptyText}
                  format={rate}
                  series={[
                    { key: 'diskread', label: 'read', colour: SKY },
                    { key: 'diskwrite', label: 'write', colour: ORANGE },
                  ]}
                />
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
