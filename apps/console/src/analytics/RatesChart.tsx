import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { percent } from '../lib/format.ts';
import type { DayPoint } from './analytics-series.ts';
import { ChartCard } from './ChartCard.tsx';
import { seriesColor } from './chart-colors.ts';

interface Series {
  key: keyof DayPoint & string;
  name: string;
}

interface Props {
  title: string;
  summary: string;
  points: DayPoint[];
  series: Series[];
}

/** Daily rates in [0, 1], shown as percentages. */
export function RatesChart({ title, summary, points, series }: Props) {
  const formatRate = (value: unknown) => (typeof value === 'number' ? percent(value) : '—');
  return (
    <ChartCard title={title} summary={summary} empty={points.length === 0}>
      <LineChart data={points}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis domain={[0, 1]} tickFormatter={formatRate} />
        <Tooltip formatter={formatRate} />
        <Legend />
        {series.map(({ key, name }, index) => (
          <Line
            key={key}
            type="monotone"
            dataKey={key}
            name={name}
            stroke={seriesColor(index)}
            connectNulls
            strokeDasharray={index ? '5 3' : undefined}
          />
        ))}
      </LineChart>
    </ChartCard>
  );
}
