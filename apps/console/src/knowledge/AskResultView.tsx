import type { KnowledgeAskResult } from '@parley/protocol';
import { CitationList } from '../components/CitationList.tsx';
import { citationHref } from '../lib/citation-link.ts';
import { humanize } from '../lib/format.ts';
import { lexicalLabel, rankText } from './passage-ranks.ts';

/** What asking found: the passages in retrieval order, with every score behind it, then the bot's answer. */
export function AskResultView({ result }: { result: KnowledgeAskResult }) {
  return (
    <div className="ask-result">
      <p className="muted">
        Answered in {Math.round(result.latencyMs)} ms · question read as {result.language === 'zh' ? 'Chinese' : 'English'} · an answer
        needs a confidence of at least {result.threshold.toFixed(2)}
      </p>
      <h3>Answer</h3>
      {result.answer ? (
        <div className="ask-answer">
          <p className="muted">
            {result.answer.mode === 'llm' ? 'Written by the language model from the passages' : 'Extractive: sentences of the best passage'}
          </p>
          <p className="message-text">{result.answer.text}</p>
          <CitationList citations={result.answer.citations} />
        </div>
      ) : (
        <p className="no-answer" role="status">
          The knowledge base does not answer this; the bot would fall back or hand off.
        </p>
      )}
      {result.llm && (
        <p className="muted">
          Language model {result.llm.model}: {humanize(result.llm.outcome)}
          {result.llm.error && ` (${result.llm.error})`}
          {result.llm.inputTokens !== null && ` · ${result.llm.inputTokens} tokens in, ${result.llm.outputTokens ?? 0} out`}
          {result.llm.firstTokenMs !== null && ` · first token after ${Math.round(result.llm.firstTokenMs)} ms`}
        </p>
      )}
      <h3>Retrieved passages</h3>
      {result.passages.length === 0 ? (
        <p className="empty">No passage matched at all. Is anything indexed yet?</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table passages">
            <caption className="visually-hidden">Retrieved passages, best first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Passage</th>
                <th scope="col">Confidence</th>
                <th scope="col">Fused score</th>
                <th scope="col">Dense</th>
                <th scope="col">Lexical</th>
              </tr>
            </thead>
            <tbody>
              {result.passages.map((passage, index) => {
                const href = citationHref(passage.url);
                const clears = passage.confidence >= result.threshold;
                return (
                  <tr key={passage.chunkId} className={clears ? 'passage-clears' : undefined}>
                    <td>{index + 1}</td>
                    <td>
                      <strong>
                        {href ? (
                          <a href={href} target="_blank" rel="noopener noreferrer">
                            {passage.title}
                          </a>
                        ) : (
                          passage.title
                        )}
                      </strong>
                      <p className="passage-text">{passage.text}</p>
                    </td>
                    <td title={clears ? 'At or above the threshold' : 'Below the threshold'}>
                      {passage.confidence.toFixed(2)} {clears ? '✓' : ''}
                    </td>
                    <td>{passage.score.toFixed(4)}</td>
                    <td>{rankText(passage.dense)}</td>
                    <td>
                      {lexicalLabel(passage)} {rankText(passage.lexical)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
