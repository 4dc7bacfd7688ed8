import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from './ChartCard.tsx';
import { seriesColor } from './chart-colors.ts';
import { countOf } from './count-label.ts';

/** Room per bar for its label (12 px text) and some air, plus the axis below. */
const ROW_PX = 28;
const AXIS_PX = 50;

export function TopIntentsChart({ intents }: { intents: { intent: string; count: number }[] }) {
  return (
    <ChartCard
      title="Top intents"
      summary={
        intents.length
          ? `Most frequent: ${intents
              .slice(0, 3)
              .map(({ intent, count }) => `${intent} (${countOf(count, 'message')})`)
              .join(', ')}. Out-of-scope messages are not counted here; see the out-of-scope rate.`
          : 'No intents yet.'
      }
      empty={intents.length === 0}
      height={Math.max(260, intents.length * ROW_PX + AXIS_PX)}
    >
      <BarChart data={intents} layout="vertical" margin={{ left: 40 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" allowDecimals={false} />
        {/* recharts drops every other category label when it thinks they are crowded; each bar needs its name. */}
        <YAxis type="category" dataKey="intent" width={160} interval={0} />
        <Tooltip />
        <Bar dataKey="count" name="Messages" fill={seriesColor(0)} />
      </BarChart>
    </ChartCard>
  );
}
