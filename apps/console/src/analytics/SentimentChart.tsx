import { percent } from '../lib/format.ts';
import type { DayPoint } from './analytics-series.ts';
import { DayChart } from './DayChart.tsx';
import { sentimentColor } from './chart-colors.ts';

export function SentimentChart({ points, labels }: { points: DayPoint[]; labels: string[] }) {
  const negative = labels.find((label) => /neg/i.test(label));
  const negativeShares = negative ? points.map((point) => point[`sentiment:${negative}`]).filter((share) => typeof share === 'number') : [];
  const latestNegative = negativeShares.at(-1);
  return (
    <DayChart
      title="Sentiment trend"
      summary={
        latestNegative !== undefined && latestNegative !== null
          ? `Share of customer messages per sentiment; ${percent(latestNegative)} negative on the latest day.`
          : 'Share of customer messages per sentiment label.'
      }
      points={points}
      format={percent}
      stacked
      empty={labels.length === 0}
      series={labels.map((label, index) => ({ key: `sentiment:${label}`, name: label, color: sentimentColor(label, index) }))}
    />
  );
}
