import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from './ChartCard.tsx';
import { seriesColor } from './chart-colors.ts';

interface Props {
  points: Record<string, string | number>[];
  versions: string[];
}

/** Conversations per day stacked by the model version that classified them, to see a new version take over. */
export function VersionVolumeChart({ points, versions }: Props) {
  return (
    <ChartCard
      title="Conversations per model version"
      summary={`One colour per model version: ${versions.join(', ') || 'none'}.`}
      empty={points.length === 0}
    >
      <BarChart data={points}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {versions.map((version, index) => (
          <Bar
            key={version}
            dataKey={version}
            name={version === 'none' ? 'no model' : version}
            stackId="versions"
            fill={seriesColor(index)}
          />
        ))}
      </BarChart>
    </ChartCard>
  );
}
