'use client';

import { Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

type Point = { at: number; status: string; latencyMs: number | null };

const clock = (t: number) => new Date(t).toISOString().slice(11, 16);

/** Response time of one check over the last day; failed and skipped runs are gaps, not zeros. */
export function LatencyChart({ name, points }: { name: string; points: Point[] }) {
  const data = points.map((p) => ({ t: p.at, ms: p.status === 'up' ? p.latencyMs : null }));
  if (!data.some((d) => d.ms !== null)) {
    return (
      <div className="flex h-20 items-center justify-center text-xs text-zinc-500" data-testid="latency-empty">
        No successful run in the last 24 hours yet.
      </div>
    );
  }
  return (
    <div className="h-24" data-testid="latency-chart" aria-label={`Response time of ${name}`}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 6, right: 4, bottom: 0, left: 0 }}>
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={clock} tick={{ fontSize: 10 }} minTickGap={32} stroke="currentColor" strokeOpacity={0.4} />
          <YAxis tickFormatter={(v: number) => `${v} ms`} width={56} tick={{ fontSize: 10 }} domain={[0, 'auto']} stroke="currentColor" strokeOpacity={0.4} />
          <Tooltip
            labelFormatter={(t) => `${new Date(Number(t)).toISOString().replace('T', ' ').slice(0, 19)} UTC`}
            formatter={(v) => [typeof v === 'number' ? `${v} ms` : 'failed', 'Response time']}
            contentStyle={{ fontSize: 12 }}
          />
          <Line type="monotone" dataKey="ms" stroke="#ea580c" strokeWidth={1.5} dot={false} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
