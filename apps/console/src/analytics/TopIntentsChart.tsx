import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from './ChartCard.tsx';
import { seriesColor } from './chart-colors.ts';

export function TopIntentsChart({ intents }: { intents: { intent: string; count: number }[] }) {
  return (
    <ChartCard
      title="Top intents"
      summary={
        intents.length
          ? `Most frequent: ${intents
              .slice(0, 3)
              .map(({ intent, count }) => `${intent} (${count})`)
              .join(', ')}.`
          : 'No intents yet.'
      }
      empty={intents.length === 0}
    >
      <BarChart data={intents} layout="vertical" margin={{ left: 40 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="intent" width={160} />
        <Tooltip />
        <Bar dataKey="count" name="Messages" fill={seriesColor(0)} />
      </BarChart>
    </ChartCard>
  );
}
