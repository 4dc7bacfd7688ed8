import { useState, type FormEvent } from 'react';
import { fetchIntents } from '../api/domain.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useLoad } from '../lib/use-load.ts';
import { percent } from '../lib/format.ts';
import { useAction } from '../lib/use-action.ts';
import { emitAck } from '../realtime/operator-socket.ts';
import { useSocket } from '../realtime/socket-context.ts';
import type { CorrectionTarget } from './correction-target.ts';

// When the domain endpoint cannot be read, sentiment still offers the usual three labels.
const FALLBACK_SENTIMENTS = ['negative', 'neutral', 'positive'];
const NEW_INTENT = '__new__';

interface Props {
  botId: string | null;
  target: CorrectionTarget;
  onClose(): void;
  onCorrected?(label: string): void;
}

/**
 * Another existing intent, a new intent, or another sentiment label for one customer message → `message:correct`;
 * or the label it has, confirmed: a message the model got right but was unsure of (low confidence, flagged out of
 * scope) is as worth training on as one it got wrong.
 */
export function CorrectionDialog({ botId, target, onClose, onCorrected }: Props) {
  const { socket } = useSocket();
  const domain = useLoad(() => (botId ? fetchIntents(botId) : Promise.reject(new Error('No bot selected'))), [botId]);
  const [choice, setChoice] = useState('');
  const [newIntent, setNewIntent] = useState('');
  const { busy, error, run } = useAction();

  const isIntent = target.kind === 'intent';
  const candidateLabels = (target.candidates ?? []).map(({ label }) => label);
  const labels = isIntent
    ? (domain.data?.intents.map(({ name }) => name) ?? candidateLabels)
    : (domain.data?.sentimentLabels.map(({ name }) => name) ?? FALLBACK_SENTIMENTS);
  const options = labels.filter((label) => label !== target.currentLabel);
  const selected = choice || (isIntent ? candidateLabels.find((label) => label !== target.currentLabel) : options[0]) || options[0] || '';
  const creating = isIntent && selected === NEW_INTENT;
  const label = creating ? newIntent.trim() : selected;
  const current = target.currentLabel;

  const save = (kind: 'intent' | 'new_intent' | 'sentiment', chosen: string) =>
    run(
      async () => {
        await emitAck(socket, 'message:correct', {
          conversationId: target.conversationId,
          messageId: target.messageId,
          kind,
          label: chosen,
        });
        onCorrected?.(chosen);
        onClose();
      },
      { keepBusy: true },
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!label) return;
    await save(creating ? 'new_intent' : target.kind, label);
  };

  return (
    <Dialog title={isIntent ? 'Correct the intent' : 'Correct the sentiment'} onClose={onClose}>
      <form onSubmit={submit} className="dialog-body stack">
        <blockquote className="quoted-message">{target.text}</blockquote>
        <p className="muted">
          The model said <strong>{target.currentLabel ?? 'nothing'}</strong>.
        </p>
        {domain.error != null && labels.length === 0 && <ErrorMessage error={domain.error} />}
        <label>
          {isIntent ? 'Correct intent' : 'Correct sentiment'}
          <select value={selected} onChange={(e) => setChoice(e.target.value)}>
            {isIntent && <option value={NEW_INTENT}>New intent…</option>}
            {options.map((option) => (
              <option key={option} value={option}>
                {option}
                {formatCandidate(target, option)}
              </option>
            ))}
          </select>
        </label>
        {creating && (
          <label>
            New intent name
            <input value={newIntent} onChange={(e) => setNewIntent(e.target.value)} required maxLength={100} pattern="\S.*" autoFocus />
          </label>
        )}
        <ErrorMessage error={error} />
        <div className="dialog-actions">
          {current !== null && (
            <button type="button" disabled={busy} onClick={() => void save(target.kind, current)}>
              Confirm “{current}”
            </button>
          )}
          <button type="submit" className="primary" disabled={busy || !label}>
            {busy ? 'Saving…' : 'Save correction'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function formatCandidate(target: CorrectionTarget, label: string): string {
  const candidate = target.candidates?.find((score) => score.label === label);
  return candidate ? ` (model: ${percent(candidate.confidence)})` : '';
}
