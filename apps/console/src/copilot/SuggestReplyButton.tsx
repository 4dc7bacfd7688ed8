import { useState } from 'react';
import { askKnowledge } from '../api/knowledge.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';
import { suggestedReply } from './suggested-reply.ts';

interface Props {
  botId: string;
  /** The customer's latest message; null when they have not written yet. */
  question: string | null;
  onSuggest(text: string): void;
}

/**
 * The copilot: asks the bot's knowledge base what the customer asked last and hands the answer, sources included,
 * to the reply box, where the operator edits it before sending. Nothing reaches the customer from here.
 */
export function SuggestReplyButton({ botId, question, onSuggest }: Props) {
  const { busy, error, run } = useAction();
  const [notice, setNotice] = useState<string | null>(null);

  const suggest = () =>
    run(async () => {
      setNotice(null);
      if (!question) return;
      const reply = suggestedReply(await askKnowledge(botId, question));
      if (reply) onSuggest(reply);
      else setNotice('The knowledge base has no answer to the customer’s latest message.');
    });

  return (
    <>
      <button
        type="button"
        onClick={() => void suggest()}
        disabled={busy || !question}
        title={question ? undefined : 'The customer has not written yet'}
      >
        {busy ? 'Asking the knowledge base…' : 'Suggest reply'}
      </button>
      {notice && (
        <p className="muted copilot-notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} />
    </>
  );
}
