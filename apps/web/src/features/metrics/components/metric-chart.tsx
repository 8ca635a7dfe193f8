'use client';

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint, Timeframe } from '@kiln/services';
import { fullTime, timeLabel } from './format';

export interface Series {
  key: string;
  label: string;
  colour: string;
  /** Drawn as a dashed line without fill (a limit such as total memory). */
  limit?: boolean;
}

type Row = Record<string, number | null> & { t: number };

/**
 * One metric over time. Missing samples are `null` and `connectNulls` stays off: a stopped or
 * not-yet-created container shows a break in the line, not a false drop to zero.
 */
export function MetricChart({
  title,
  data,
  series,
  timeframe,
  format,
  domain,
  emptyText = 'No samples in this period.',
}: {
  title: string;
  emptyText?: string;
  data: Row[];
  series: Series[];
  timeframe: Timeframe;
  format: (n: number) => string;
  domain?: [number, number];
}) {
  const empty = data.every((p) => series.every((s) => p[s.key] === null || p[s.key] === undefined));
  return (
    <figure className="card min-w-0 p-3" data-testid="metric-chart" data-metric={title}>
      <figcaption className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm font-medium">
        <span>{title}</span>
        <span className="flex gap-3 text-xs font-normal text-zinc-500">
          {series.map((s) => (
            <span key={s.key} className="inline-flex items-center gap-1">
              <span className="inline-block h-2 w-2 rounded-full" style={{ background: s.colour }} aria-hidden />
              {s.label}
            </span>
          ))}
        </span>
      </figcaption>
      {empty ? (
        <div className="flex h-36 items-center justify-center px-4 text-center text-xs text-zinc-500" data-testid="chart-empty">
          {emptyText}
        </div>
      ) : (
        <div className="h-36">
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={data} margin={{ top: 10, right: 4, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.1} vertical={false} />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={['dataMin', 'dataMax']}
                tickFormatter={(t: number) => timeLabel(t, timeframe)}
                tick={{ fontSize: 10 }}
                minTickGap={24}
                stroke="currentColor"
                strokeOpacity={0.4}
              />
              <YAxis tickFormatter={(v: number) => format(v).replace(/ /g, '\u00a0')} width={68} tick={{ fontSize: 10 }} domain={domain ?? [0, 'auto']} stroke="currentColor" strokeOpacity={0.4} />
              <Tooltip
                labelFormatter={(t) => fullTime(Number(t))}
                formatter={(v, name) => [typeof v === 'number' ? format(v) : 'no data', series.find((s) => s.key === name)?.label ?? String(name)]}
                contentStyle={{ fontSize: 12 }}
              />
              {series.map((s) => (
                <Area
                  key={s.key}
                  dataKey={s.key}
                  type="monotone"
                  stroke={s.colour}
                  strokeDasharray={s.limit ? '4 3' : undefined}
                  fill={s.limit ? 'none' : s.colour}
                  fillOpacity={s.limit ? 0 : 0.15}
                  strokeWidth={1.5}
                  connectNulls={false}
                  isAnimationActive={false}
                  dot={false}
                />
              ))}
            </AreaChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}

export type { MetricPoint };
