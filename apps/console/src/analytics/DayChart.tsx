import { Area, Bar, CartesianGrid, ComposedChart, LabelList, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import type { DayPoint } from './analytics-series.ts';
import { ChartCard } from './ChartCard.tsx';

export interface DaySeries {
  /** A DayPoint key; typed as a plain string as recharts cannot infer the run-time `sentiment:<label>` keys. */
  key: string;
  name: string;
  color: string;
  dashed?: boolean;
}

interface Props {
  title: string;
  summary: string;
  points: DayPoint[];
  series: DaySeries[];
  /** Values are shares in [0, 1], written as percentages; otherwise whole counts. */
  format?: (value: number) => string;
  /** Stack the series as bands that add up to the whole day (sentiment shares). */
  stacked?: boolean;
  empty?: boolean;
}

const STACK = 'day';

/**
 * One value per series per day. Over several days that is a trend, drawn as lines (or stacked bands); a single
 * day has no trend, and lines would shrink to lone dots whose values nobody can read, so one day is drawn as
 * bars with their values written on them.
 */
export function DayChart({ title, summary, points, series, format, stacked = false, empty = false }: Props) {
  const oneDay = points.length === 1;
  const write = (value: unknown) => (typeof value !== 'number' ? '—' : format ? format(value) : String(value));
  return (
    <ChartCard title={title} summary={summary} empty={empty || points.length === 0}>
      {/* Room above the tallest bar for its value. */}
      <ComposedChart data={points} margin={oneDay ? { top: 20, right: 5, bottom: 5, left: 5 } : undefined}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis domain={format ? [0, 1] : undefined} allowDecimals={!!format} tickFormatter={write} />
        <Tooltip formatter={write} />
        <Legend />
        {series.map(({ key, name, color, dashed }) =>
          oneDay ? (
            <Bar
              key={key}
              dataKey={key}
              name={name}
              fill={color}
              stackId={stacked ? STACK : undefined}
              maxBarSize={80}
              // A 0% bar has no height, and recharts would draw neither it nor its value; unstacked, it gets a sliver.
              minPointSize={stacked ? 0 : 2}
            >
              {/* Read from the point, not the bar: a stacked bar's value is its running total. Black reads on every band. */}
              <LabelList dataKey={key} position={stacked ? 'center' : 'top'} formatter={write} fill={stacked ? '#000' : undefined} />
            </Bar>
          ) : stacked ? (
            <Area key={key} type="monotone" dataKey={key} name={name} stackId={STACK} stroke={color} fill={color} fillOpacity={0.6} />
          ) : (
            <Line
              key={key}
              type="monotone"
              dataKey={key}
              name={name}
              stroke={color}
              connectNulls
              strokeDasharray={dashed ? '5 3' : undefined}
            />
          ),
        )}
      </ComposedChart>
    </ChartCard>
  );
}
