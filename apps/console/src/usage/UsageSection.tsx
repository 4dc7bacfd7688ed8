import { fetchBotUsage } from '../api/llm.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { useLoad } from '../lib/use-load.ts';
import { formatCost, formatCount, sumTokens, usageByModel, type TokenTotals } from './usage-summary.ts';

function TokenCells({ totals }: { totals: TokenTotals }) {
  return (
    <>
      <td>{formatCount(totals.inputTokens)}</td>
      <td>{formatCount(totals.outputTokens)}</td>
      <td className={totals.costUsd === null ? 'muted' : undefined}>{formatCost(totals.costUsd)}</td>
    </>
  );
}

/** The bot's last 30 days: language model tokens and cost by model and day, and each API key's calls. */
export function UsageSection({
  botId,
  version = 0,
}: {
  botId: string;
  /** Bumped when usage changed (a model test): reload. */ version?: number;
}) {
  const usage = useLoad(() => fetchBotUsage(botId), [botId, version]);
  const data = usage.data;
  return (
    <section className="usage" aria-labelledby="usage-title">
      <h2 id="usage-title">Usage</h2>
      <ErrorMessage error={usage.error} onRetry={usage.reload} />
      {usage.loading && !data ? (
        <Loading what="usage" />
      ) : (
        data && (
          <>
            <p className="muted">
              {data.from} to {data.to} (UTC days). Language model: {formatCount(data.llm.totals.calls)} calls,{' '}
              {formatCount(data.llm.totals.inputTokens)} tokens in, {formatCount(data.llm.totals.outputTokens)} out, cost{' '}
              {formatCost(data.llm.totals.costUsd)}
              {data.llm.totals.estimatedCalls > 0 &&
                ` (${data.llm.totals.estimatedCalls} calls’ tokens estimated: the service reported none)`}
              .
            </p>
            {data.llm.days.length === 0 ? (
              <p className="empty">No language model calls in this range.</p>
            ) : (
              <>
                <div className="table-scroll">
                  <table className="data-table">
                    <caption>Language model by model</caption>
                    <thead>
                      <tr>
                        <th scope="col">Model</th>
                        <th scope="col">Calls</th>
                        <th scope="col">Tokens in</th>
                        <th scope="col">Tokens out</th>
                        <th scope="col">Cost</th>
                      </tr>
                    </thead>
                    <tbody>
                      {usageByModel(data.llm.days).map((row) => (
                        <tr key={row.model}>
                          <th scope="row">{row.model}</th>
                          <td>{formatCount(row.calls)}</td>
                          <TokenCells totals={row} />
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className="table-scroll">
                  <table className="data-table">
                    <caption>Language model by day</caption>
                    <thead>
                      <tr>
                        <th scope="col">Day</th>
                        <th scope="col">Model</th>
                        <th scope="col">Calls</th>
                        <th scope="col">Tokens in</th>
                        <th scope="col">Tokens out</th>
                        <th scope="col">Cost</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.llm.days.map((day) => (
                        <tr key={`${day.day} ${day.model}`}>
                          <th scope="row">{day.day}</th>
                          <td>{day.model}</td>
                          <td>{formatCount(day.calls)}</td>
                          <TokenCells totals={day} />
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
            {data.apiKeys.length === 0 ? (
              <p className="empty">The bot has no API keys.</p>
            ) : (
              <div className="table-scroll">
                <table className="data-table">
                  <caption>API keys</caption>
                  <thead>
                    <tr>
                      <th scope="col">Key</th>
                      <th scope="col">Calls</th>
                      <th scope="col">Texts classified</th>
                      <th scope="col">Tokens in</th>
                      <th scope="col">Tokens out</th>
                      <th scope="col">Cost</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.apiKeys.map((key) => (
                      <tr key={key.id}>
                        <th scope="row">
                          {key.label || key.prefix} <span className="muted">{key.prefix}…</span>
                          {key.revokedAt && <span className="muted"> (revoked)</span>}
                        </th>
                        <td>{formatCount(key.days.reduce((n, day) => n + day.calls, 0))}</td>
                        <td>{formatCount(key.days.reduce((n, day) => n + day.messages, 0))}</td>
                        <TokenCells
                          totals={sumTokens(
                            key.days.map(({ inputTokens, outputTokens, costUsd }) => ({ inputTokens, outputTokens, costUsd })),
                          )}
                        />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )
      )}
    </section>
  );
}
