import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

interface Props {
  title: string;
  /** What the chart shows, in words, for people who cannot see it. */
  summary: string;
  empty: boolean;
  /** Pixels; a chart with a row per item grows so that every row keeps room for its label. */
  height?: number;
  children: ReactElement;
}

export function ChartCard({ title, summary, empty, height = 260, children }: Props) {
  return (
    <figure className="chart-card">
      <figcaption>
        <h2>{title}</h2>
        <p className="muted">{summary}</p>
      </figcaption>
      {empty ? (
        <p className="empty">No data for this period.</p>
      ) : (
        <div className="chart" role="img" aria-label={`${title}: ${summary}`}>
          <ResponsiveContainer width="100%" height={height}>
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
