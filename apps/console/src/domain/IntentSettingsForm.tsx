import { useState, type FormEvent } from 'react';
import { saveIntent } from '../api/domain.ts';
import type { IntentInfo } from '@parley/protocol';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';
import { QuickRepliesEditor } from './QuickRepliesEditor.tsx';
import { quickRepliesOf, type QuickReplyDraft } from './quick-replies-draft.ts';

interface Props {
  botId: string;
  intent: IntentInfo;
  editable: boolean;
  onSaved(intent: IntentInfo): void;
}

/** Display name and the bot's answer (text and quick replies); an empty answer removes it. */
export function IntentSettingsForm({ botId, intent, editable, onSaved }: Props) {
  const [displayName, setDisplayName] = useState(intent.displayName ?? '');
  const [answerText, setAnswerText] = useState(intent.answer?.text ?? '');
  const [quickReplies, setQuickReplies] = useState<QuickReplyDraft[]>(intent.answer?.quickReplies ?? []);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const replies = quickRepliesOf(quickReplies);
    await run(async () => {
      const { intent: updated } = await saveIntent(botId, intent.name, {
        displayName: displayName.trim() || null,
        answer: answerText.trim() ? { text: answerText.trim(), ...(replies.length ? { quickReplies: replies } : {}) } : null,
      });
      onSaved(updated);
      setSaved(true);
    });
  };

  return (
    <form className="stack" onSubmit={submit}>
      <label>
        Display name
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} maxLength={100} disabled={!editable} />
      </label>
      <label>
        Answer
        <textarea value={answerText} onChange={(e) => setAnswerText(e.target.value)} rows={4} maxLength={4000} disabled={!editable} />
      </label>
      <QuickRepliesEditor value={quickReplies} onChange={setQuickReplies} editable={editable} />
      <ErrorMessage error={error} />
      {saved && <p role="status">Saved.</p>}
      {editable && (
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save intent'}
        </button>
      )}
    </form>
  );
}
