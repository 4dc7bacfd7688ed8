import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { DayPoint } from './analytics-series.ts';
import { ChartCard } from './ChartCard.tsx';
import { seriesColor } from './chart-colors.ts';

export function VolumeChart({ points }: { points: DayPoint[] }) {
  const conversations = points.reduce((sum, point) => sum + point.conversations, 0);
  const messages = points.reduce((sum, point) => sum + point.messages, 0);
  return (
    <ChartCard
      title="Conversations and messages per day"
      summary={`${conversations} conversations and ${messages} messages in the period.`}
      empty={points.length === 0}
    >
      <LineChart data={points}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Line type="monotone" dataKey="conversations" name="Conversations" stroke={seriesColor(0)} />
        <Line type="monotone" dataKey="messages" name="Messages" stroke={seriesColor(1)} strokeDasharray="5 3" />
      </LineChart>
    </ChartCard>
  );
}
