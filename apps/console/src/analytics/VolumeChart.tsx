import type { DayPoint } from './analytics-series.ts';
import { countOf } from './count-label.ts';
import { DayChart } from './DayChart.tsx';
import { seriesColor } from './chart-colors.ts';

export function VolumeChart({ points }: { points: DayPoint[] }) {
  const conversations = points.reduce((sum, point) => sum + point.conversations, 0);
  const messages = points.reduce((sum, point) => sum + point.messages, 0);
  return (
    <DayChart
      title="Conversations and messages per day"
      summary={`${countOf(conversations, 'conversation')} and ${countOf(messages, 'message')} in the period.`}
      points={points}
      series={[
        { key: 'conversations', name: 'Conversations', color: seriesColor(0) },
        { key: 'messages', name: 'Messages', color: seriesColor(1), dashed: true },
      ]}
    />
  );
}
