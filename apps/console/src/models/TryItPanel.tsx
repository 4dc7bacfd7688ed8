import { useState, type FormEvent } from 'react';
import { previewTexts } from '../api/models.ts';
import type { ModelVersionInfo, Preview } from '@parley/protocol';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';
import { MAX_TRY_IT_MESSAGES, tryItMessages } from './try-it-messages.ts';
import { TryItResults } from './TryItResults.tsx';

interface Props {
  botId: string;
  liveVersion: string | null;
  /** The bot's versions, newest first; every one but the live one can be compared with it. */
  versions: ModelVersionInfo[];
}

interface Tried {
  messages: string[];
  live: Preview | null;
  other: Preview | null;
}

const NONE = '';

/** Messages typed by an operator, answered by the live model and another version side by side; nothing is stored. */
export function TryItPanel({ botId, liveVersion, versions }: Props) {
  const [text, setText] = useState('');
  // undefined until the operator picks: then the newest candidate is offered, as it is the one to judge.
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [tried, setTried] = useState<Tried | null>(null);
  const { busy, error, run } = useAction();

  const others = versions.filter((v) => v.version !== liveVersion);
  const compareWith = picked ?? others.find((v) => v.status === 'candidate')?.version ?? NONE;
  const { messages, dropped } = tryItMessages(text);
  const canTry = messages.length > 0 && (liveVersion !== null || compareWith !== NONE);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!canTry) return;
    void run(async () => {
      const [live, other] = await Promise.all([
        liveVersion !== null ? previewTexts(botId, messages) : null,
        compareWith !== NONE ? previewTexts(botId, messages, compareWith) : null,
      ]);
      setTried({ messages, live, other });
    });
  };

  return (
    <section aria-labelledby="try-it-title" className="try-it">
      <h2 id="try-it-title">Try it</h2>
      <p className="muted">
        What the bot would answer to each message as the first of a conversation, with the live model and another version. Nothing is
        stored.
      </p>
      <form className="stack" onSubmit={submit}>
        <label>
          Messages to try (one per line)
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={5}
            placeholder="where is my order"
            aria-describedby="try-it-count"
          />
        </label>
        <p className="hint" id="try-it-count">
          {messages.length} of {MAX_TRY_IT_MESSAGES} messages{dropped > 0 && `; the last ${dropped} lines are left out`}
        </p>
        <label>
          Compare with
          <select value={compareWith} onChange={(e) => setPicked(e.target.value)}>
            <option value={NONE}>No other version</option>
            {others.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version} ({v.status})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy || !canTry}>
          {busy ? 'Trying…' : 'Try it'}
        </button>
      </form>
      <ErrorMessage error={error} />
      {tried && <TryItResults {...tried} />}
    </section>
  );
}
