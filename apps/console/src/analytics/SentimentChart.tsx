import { Area, AreaChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { percent } from '../lib/format.ts';
import type { DayPoint } from './analytics-series.ts';
import { ChartCard } from './ChartCard.tsx';
import { sentimentColor } from './chart-colors.ts';

export function SentimentChart({ points, labels }: { points: DayPoint[]; labels: string[] }) {
  const formatShare = (value: unknown) => (typeof value === 'number' ? percent(value) : '—');
  const negative = labels.find((label) => /neg/i.test(label));
  const negativeShares = negative ? points.map((point) => point[`sentiment:${negative}`]).filter((share) => typeof share === 'number') : [];
  const latestNegative = negativeShares.at(-1);
  return (
    <ChartCard
      title="Sentiment trend"
      summary={
        latestNegative !== undefined && latestNegative !== null
          ? `Share of customer messages per sentiment; ${percent(latestNegative)} negative on the latest day.`
          : 'Share of customer messages per sentiment label.'
      }
      empty={points.length === 0 || labels.length === 0}
    >
      <AreaChart data={points}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis domain={[0, 1]} tickFormatter={formatShare} />
        <Tooltip formatter={formatShare} />
        <Legend />
        {labels.map((label, index) => (
          <Area
            key={label}
            type="monotone"
            dataKey={`sentiment:${label}`}
            name={label}
            stackId="sentiment"
            stroke={sentimentColor(label, index)}
            fill={sentimentColor(label, index)}
            fillOpacity={0.6}
          />
        ))}
      </AreaChart>
    </ChartCard>
  );
}
