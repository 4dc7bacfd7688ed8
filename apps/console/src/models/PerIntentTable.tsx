import type { Comparison } from '@parley/protocol';
import { percent } from '../lib/format.ts';
import { Delta } from './Delta.tsx';
import type { ReportNames } from './report-names.ts';

/** Per-intent F1, biggest losses first: what to look at before promoting. */
export function PerIntentTable({ report, names }: { report: Comparison; names: ReportNames }) {
  const rows = Object.entries(report.candidate.perLabel)
    .map(([label, scores]) => ({ label, scores, live: report.live?.perLabel[label], delta: report.deltas.perLabel[label] }))
    .sort((a, b) => (a.delta ?? 0) - (b.delta ?? 0) || a.label.localeCompare(b.label));

  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption>F1 per intent, largest drop first</caption>
        <thead>
          <tr>
            <th scope="col">Intent</th>
            <th scope="col">{names.candidate} F1</th>
            <th scope="col">{names.baseline} F1</th>
            <th scope="col">Change</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
            <th scope="col">Support</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ label, scores, live, delta }) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{percent(scores.f1)}</td>
              <td>{live ? percent(live.f1) : '—'}</td>
              <td>
                <Delta value={delta} />
              </td>
              <td>{percent(scores.precision)}</td>
              <td>{percent(scores.recall)}</td>
              <td>{scores.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
