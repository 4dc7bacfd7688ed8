import type { Comparison } from '@parley/protocol';
import { percent } from '../lib/format.ts';
import { Delta } from './Delta.tsx';
import type { ReportNames } from './report-names.ts';

export function ScoreComparison({ report, names }: { report: Comparison; names: ReportNames }) {
  const { candidate, live, deltas, sentiment } = report;
  return (
    <table className="data-table scores">
      <caption>
        Scores on {report.heldOut.examples} held-out examples ({report.heldOut.source === 'test-split' ? 'the test split' : 'a holdout'})
      </caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col">
            {names.candidate} {candidate.version}
          </th>
          <th scope="col">
            {names.baseline} {live?.version ?? ''}
          </th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Intent accuracy</th>
          <td>{percent(candidate.accuracy)}</td>
          <td>{live ? percent(live.accuracy) : '—'}</td>
          <td>
            <Delta value={live ? deltas.accuracy : null} />
          </td>
        </tr>
        <tr>
          <th scope="row">Intent macro-F1</th>
          <td>{percent(candidate.macroF1)}</td>
          <td>{live ? percent(live.macroF1) : '—'}</td>
          <td>
            <Delta value={live ? deltas.macroF1 : null} />
          </td>
        </tr>
        {sentiment && (
          <>
            <tr>
              <th scope="row">Sentiment accuracy</th>
              <td>{percent(sentiment.candidate.accuracy)}</td>
              <td>{sentiment.live ? percent(sentiment.live.accuracy) : '—'}</td>
              <td>
                <Delta value={sentiment.live ? sentiment.candidate.accuracy - sentiment.live.accuracy : null} />
              </td>
            </tr>
            <tr>
              <th scope="row">Sentiment macro-F1</th>
              <td>{percent(sentiment.candidate.macroF1)}</td>
              <td>{sentiment.live ? percent(sentiment.live.macroF1) : '—'}</td>
              <td>
                <Delta value={sentiment.live ? sentiment.candidate.macroF1 - sentiment.live.macroF1 : null} />
              </td>
            </tr>
          </>
        )}
      </tbody>
    </table>
  );
}
