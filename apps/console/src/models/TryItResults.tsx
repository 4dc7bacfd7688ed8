import type { Preview } from '@parley/protocol';
import { PreviewCell } from './PreviewCell.tsx';
import { decidesDifferently } from './try-it-messages.ts';

interface Props {
  messages: string[];
  /** null when the bot has no live model. */
  live: Preview | null;
  /** null when no other version was chosen. */
  other: Preview | null;
}

/** Each message in a row, with the live model's decision beside the other version's. */
export function TryItResults({ messages, live, other }: Props) {
  return (
    <div className="table-scroll">
      <table className="data-table try-it-results">
        <caption>What the bot would answer</caption>
        <thead>
          <tr>
            <th scope="col">Message</th>
            <th scope="col">Live model {live?.model.version ?? '(none)'}</th>
            {other && <th scope="col">Version {other.model.version}</th>}
          </tr>
        </thead>
        <tbody>
          {messages.map((text, i) => {
            const [liveResult, otherResult] = [live?.results[i], other?.results[i]];
            return (
              <tr key={i}>
                <th scope="row">{text}</th>
                <td>{liveResult ? <PreviewCell result={liveResult} /> : <span className="muted">No live model</span>}</td>
                {otherResult && (
                  <td>
                    <PreviewCell result={otherResult} changed={liveResult !== undefined && decidesDifferently(liveResult, otherResult)} />
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
