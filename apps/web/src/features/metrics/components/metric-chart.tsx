'use client';

import { useState } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint, Timeframe } from '@kiln/services';
import { cn } from '@/lib/cn';
import type { ShadedArea } from '../shading';
import { fullTime, timeLabel } from './format';

export interface Series {
  key: string;
  label: string;
  colour: string;
  /** Drawn as a dashed line without fill (a limit such as total memory). */
  limit?: boolean;
}

type Row = Record<string, number | null> & { t: number };

const ALERT_RED = '#dc2626';

/**
 * One metric over time. Missing samples are `null` and `connectNulls` stays off: a stopped or
 * not-yet-created container shows a break in the line, not a false drop to zero. Periods when an
 * alert was open are shaded red; each legend entry is a button that hides or shows its series.
 */
export function MetricChart({
  title,
  data,
  series,
  timeframe,
  format,
  domain,
  range,
  shaded = [],
  emptyText = 'No samples in this period.',
}: {
  title: string;
  emptyText?: string;
  data: Row[];
  series: Series[];
  timeframe: Timeframe;
  format: (n: number) => string;
  domain?: [number, number];
  /** The time span of the x axis (ms); the samples' own span without it. */
  range?: { from: number; to: number } | null;
  /** Alert periods to shade, already clipped to `range`. */
  shaded?: ShadedArea[];
}) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const empty = data.every((p) => series.every((s) => p[s.key] === null || p[s.key] === undefined));
  const toggle = (key: string) =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <figure className="card min-w-0 p-3" data-testid="metric-chart" data-metric={title} data-shaded={shaded.length}>
      <figcaption className="mb-2 flex flex-wrap items-center justify-between gap-2 text-sm font-medium">
        <span>{title}</span>
        <span role="group" aria-label={`${title} series`} className="flex flex-wrap gap-1 text-xs font-normal text-zinc-500">
          {series.map((s) => (
            <button
              key={s.key}
              type="button"
              aria-pressed={!hidden.has(s.key)}
              title={hidden.has(s.key) ? `Show ${s.label}` : `Hide ${s.label}`}
              onClick={() => toggle(s.key)}
              className={cn('inline-flex items-center gap-1 rounded px-1.5 py-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800', hidden.has(s.key) && 'line-through opacity-50')}
            >
              <span className="inline-block h-2 w-2 rounded-full" style={{ background: s.colour }} aria-hidden />
              {s.label}
            </button>
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
                domain={range ? [range.from, range.to] : ['dataMin', 'dataMax']}
                allowDataOverflow
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
              {shaded.map((a) => (
                <ReferenceArea key={a.x1} x1={a.x1} x2={a.x2} fill={ALERT_RED} fillOpacity={a.open ? 0.18 : 0.1} stroke="none" ifOverflow="hidden" />
              ))}
              {series.map((s) => (
                <Area
                  key={s.key}
                  hide={hidden.has(s.key)}
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
      {shaded.length > 0 && !empty ? (
        <p className="mt-1 flex items-center gap-1.5 text-xs text-zinc-500" data-testid="alert-shading">
          <span className="inline-block h-2 w-3 rounded-sm bg-red-600/20" aria-hidden />
          {shaded.length === 1 ? 'Shaded: an alert was open' : `Shaded: ${shaded.length} periods with an open alert`}
          <span className="sr-only">
            {': '}
            {shaded.map((a) => `${a.titles.join(', ')} from ${fullTime(a.x1)}${a.open ? ' (still open)' : ` to ${fullTime(a.x2)}`}`).join('; ')}
          </span>
        </p>
      ) : null}
    </figure>
  );
}

export type { MetricPoint };
