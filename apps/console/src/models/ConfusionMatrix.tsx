import type { Scores } from '@parley/protocol';

/** Rows are the true intents, columns what the model predicted; the darker the cell, the more examples. */
export function ConfusionMatrix({ scores, title }: { scores: Scores; title: string }) {
  const { labels, matrix } = scores.confusion;
  const max = Math.max(1, ...matrix.flat());

  return (
    <div className="table-scroll confusion-scroll">
      <table className="confusion">
        <caption>{title}: rows are the true intent, columns the predicted intent</caption>
        <thead>
          <tr>
            <th scope="col" className="confusion-corner">
              True ↓ / Predicted →
            </th>
            {labels.map((label) => (
              <th key={label} scope="col" className="confusion-col">
                <span>{label}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((gold, row) => (
            <tr key={gold}>
              <th scope="row">{gold}</th>
              {labels.map((predicted, column) => {
                const count = matrix[row]?.[column] ?? 0;
                const hue = row === column ? 150 : 5;
                return (
                  <td
                    key={predicted}
                    title={`True ${gold}, predicted ${predicted}: ${count}`}
                    className={count === 0 ? 'cell-zero' : undefined}
                    style={count ? { backgroundColor: `hsl(${hue} 70% ${92 - 50 * (count / max)}%)` } : undefined}
                  >
                    {count || ''}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
