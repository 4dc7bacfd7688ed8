import type { Comparison } from '@parley/protocol';
import { percent } from '../lib/format.ts';
import { Delta } from './Delta.tsx';
import { gateRows } from './gate-rows.ts';
import type { ReportNames } from './report-names.ts';

const VERDICTS = { pass: 'Passes', fail: 'Fails', 'not-compared': 'Not compared' } as const;
const VERDICT_CLASS = { pass: 'delta-up', fail: 'delta-down', 'not-compared': 'muted' } as const;

/** Every measure the promotion gate compares: candidate, live, change, the change allowed and the verdict. */
export function GateTable({ report, names }: { report: Comparison; names: ReportNames }) {
  const rows = gateRows(report);
  return (
    <div className="table-scroll">
      <table className="data-table gate-measures">
        <caption>Promotion gate: the candidate may be worse than live by at most the allowed change on each measure</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">{names.candidate}</th>
            <th scope="col">{names.baseline}</th>
            <th scope="col">Change</th>
            <th scope="col">Allowed</th>
            <th scope="col">Verdict</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.measure}>
              <th scope="row">{row.label}</th>
              <td>{row.candidate === null ? '—' : percent(row.candidate)}</td>
              <td>{row.live === null ? '—' : percent(row.live)}</td>
              <td>
                <Delta value={row.delta} higherIsBetter={row.higherIsBetter} />
              </td>
              <td>{row.allowed}</td>
              <td>
                <span className={VERDICT_CLASS[row.verdict]}>{VERDICTS[row.verdict]}</span>
                {row.note && <span className="muted"> ({row.note})</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
