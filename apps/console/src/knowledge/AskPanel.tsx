import type { KnowledgeAskResult } from '@parley/protocol';
import { LIMITS } from '@parley/protocol';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { askKnowledge } from '../api/knowledge.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';
import { AskResultView } from './AskResultView.tsx';

/** Asks the knowledge base as a customer would, to see what retrieval finds and what the bot would answer. */
export function AskPanel({ botId }: { botId: string }) {
  const [question, setQuestion] = useState('');
  const [useLlm, setUseLlm] = useState(true);
  const [result, setResult] = useState<KnowledgeAskResult | null>(null);
  const { busy, error, run } = useAction();
  const resultRef = useRef<HTMLDivElement>(null);

  // The panel sits at the foot of a long page: bring the answer into view.
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [result]);

  const ask = (event: FormEvent) => {
    event.preventDefault();
    // The last answer goes at once: next to a failure it would read as this question's answer.
    setResult(null);
    void run(async () => setResult(await askKnowledge(botId, question.trim(), useLlm)));
  };

  return (
    <section className="ask-panel" aria-labelledby="ask-title">
      <h2 id="ask-title">Ask</h2>
      <form className="inline-form" onSubmit={ask}>
        <label className="ask-question">
          Question
          <input
            type="text"
            value={question}
            maxLength={LIMITS.text}
            placeholder="What a customer might ask"
            onChange={(e) => setQuestion(e.target.value)}
          />
        </label>
        <label className="radio">
          <input type="checkbox" checked={useLlm} onChange={(e) => setUseLlm(e.target.checked)} />
          Use the language model, if the bot has one
        </label>
        <button type="submit" className="primary" disabled={busy || !question.trim()}>
          {busy ? 'Asking…' : 'Ask'}
        </button>
      </form>
      <ErrorMessage error={error} />
      <div ref={resultRef}>{result && <AskResultView result={result} />}</div>
    </section>
  );
}
