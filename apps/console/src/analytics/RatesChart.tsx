import { percent } from '../lib/format.ts';
import type { DayPoint } from './analytics-series.ts';
import { DayChart } from './DayChart.tsx';
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
  return (
    <DayChart
      title={title}
      summary={summary}
      points={points}
      format={percent}
      series={series.map(({ key, name }, index) => ({ key, name, color: seriesColor(index), dashed: index > 0 }))}
    />
  );
}
