import { useId, useState, type FormEvent } from 'react';
import { saveIntent } from '../api/domain.ts';
import type { IntentInfo } from '@parley/protocol';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';

interface Props {
  botId: string;
  intent: IntentInfo;
  editable: boolean;
  onSaved(intent: IntentInfo): void;
}

/**
 * The intent's Chinese display name and answer, for customers who write Chinese; empty: the English one is used.
 * Collapsed, since most intents are edited in English first. The answer's quick replies are kept as they are.
 */
export function IntentTranslationForm({ botId, intent, editable, onSaved }: Props) {
  const translation = intent.translations.zh;
  const [displayName, setDisplayName] = useState(translation.displayName ?? '');
  const [answerText, setAnswerText] = useState(translation.answer?.text ?? '');
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const id = useId();
  const quickReplies = translation.answer?.quickReplies;
  const replyLabels = quickReplies?.map((reply) => reply.label);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    await run(async () => {
      const text = answerText.trim();
      const { intent: updated } = await saveIntent(botId, intent.name, {
        translations: {
          zh: {
            displayName: displayName.trim() || null,
            answer: text ? { text, ...(quickReplies ? { quickReplies } : {}) } : null,
          },
        },
      });
      onSaved(updated);
      setSaved(true);
    });
  };

  return (
    <details className="intent-translation">
      <summary>
        Chinese (<span lang="zh">中文</span>){' '}
        <span className="muted">{translation.answer || translation.displayName ? 'translated' : 'not translated: English is used'}</span>
      </summary>
      <form className="stack" onSubmit={submit}>
        {/* Labels beside their controls, so that a name never includes the text being edited. */}
        <label htmlFor={`${id}-name`}>Chinese display name</label>
        <input
          id={`${id}-name`}
          lang="zh"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          maxLength={80}
          disabled={!editable}
        />
        <label htmlFor={`${id}-answer`}>Chinese answer</label>
        <textarea
          id={`${id}-answer`}
          lang="zh"
          value={answerText}
          onChange={(e) => setAnswerText(e.target.value)}
          rows={3}
          maxLength={4000}
          disabled={!editable}
        />
        {replyLabels && (
          <p className="muted">
            Quick replies (kept as they are): <span lang="zh">{replyLabels.join(', ')}</span>
          </p>
        )}
        <p className="hint">Leave a field empty to use the English one for customers writing Chinese.</p>
        <ErrorMessage error={error} />
        {saved && <p role="status">Saved.</p>}
        {editable && (
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save Chinese'}
          </button>
        )}
      </form>
    </details>
  );
}
