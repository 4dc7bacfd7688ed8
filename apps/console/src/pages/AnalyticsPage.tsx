import { useMemo, useState } from 'react';
import { fetchAnalytics } from '../api/analytics.ts';
import {
  ALL_VERSIONS,
  conversationsByVersion,
  dailyPoints,
  forVersion,
  sentimentLabels,
  topIntents,
  versionKeys,
} from '../analytics/analytics-series.ts';
import { RatesChart } from '../analytics/RatesChart.tsx';
import { SentimentChart } from '../analytics/SentimentChart.tsx';
import { TopIntentsChart } from '../analytics/TopIntentsChart.tsx';
import { VersionVolumeChart } from '../analytics/VersionVolumeChart.tsx';
import { VolumeChart } from '../analytics/VolumeChart.tsx';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { useLoad } from '../lib/use-load.ts';
import { useBots } from '../session/bot-context.ts';

const PERIOD_DAYS = 30;

export function AnalyticsPage() {
  const { bot } = useBots();
  const botId = bot?.id;
  const analytics = useLoad(() => (botId ? fetchAnalytics(botId, PERIOD_DAYS) : Promise.resolve(null)), [botId]);
  const [version, setVersion] = useState(ALL_VERSIONS);
  const data = analytics.data ?? null;

  const view = useMemo(() => {
    if (!data) return null;
    const rows = forVersion(data.daily, version);
    return {
      versions: versionKeys(data),
      points: dailyPoints(rows),
      byVersion: conversationsByVersion(data.daily),
      labels: sentimentLabels(rows),
      intents: topIntents(data, version),
    };
  }, [data, version]);

  return (
    <div className="analytics-page">
      <header className="section-header">
        <h1>Analytics</h1>
        <span className="muted">Last {PERIOD_DAYS} days</span>
        {view && view.versions.length > 0 && (
          <label>
            Model version
            <select value={version} onChange={(e) => setVersion(e.target.value)}>
              <option value={ALL_VERSIONS}>All versions</option>
              {view.versions.map((key) => (
                <option key={key} value={key}>
                  {key === 'none' ? 'No model' : key}
                </option>
              ))}
            </select>
          </label>
        )}
      </header>
      <ErrorMessage error={analytics.error} onRetry={analytics.reload} />
      {analytics.loading && !data && <Loading what="analytics" />}
      {view && view.points.length === 0 && <EmptyState>No conversations in the last {PERIOD_DAYS} days yet.</EmptyState>}
      {view && view.points.length > 0 && (
        <div className="chart-grid">
          <VolumeChart points={view.points} />
          <VersionVolumeChart points={view.byVersion} versions={view.versions} />
          <RatesChart
            title="Containment and handoff rates"
            summary="Share of conversations the bot handled alone, and share handed to a person."
            points={view.points}
            series={[
              { key: 'containmentRate', name: 'Contained' },
              { key: 'handoffRate', name: 'Handed off' },
            ]}
          />
          <SentimentChart points={view.points} labels={view.labels} />
          <TopIntentsChart intents={view.intents} />
          <RatesChart
            title="Out-of-scope rate"
            summary="Share of classified customer messages the model judged out of scope."
            points={view.points}
            series={[{ key: 'outOfScopeRate', name: 'Out of scope' }]}
          />
        </div>
      )}
    </div>
  );
}
