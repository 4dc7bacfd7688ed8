import { LIMITS } from '@parley/protocol';
import { emptyQuickReply, type QuickReplyDraft } from './quick-replies-draft.ts';

interface Props {
  value: QuickReplyDraft[];
  editable: boolean;
  onChange(value: QuickReplyDraft[]): void;
}

/** The buttons offered under an answer: what the customer sees (label) and what pressing one sends (value). */
export function QuickRepliesEditor({ value, editable, onChange }: Props) {
  const update = (index: number, change: Partial<QuickReplyDraft>) =>
    onChange(value.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset className="stack">
      <legend>Quick replies</legend>
      {value.length === 0 && <p className="muted">None.</p>}
      {value.map((row, index) => (
        <div key={index} className="quick-reply-row">
          <input
            aria-label={`Quick reply ${index + 1} label`}
            placeholder="Label"
            value={row.label}
            onChange={(e) => update(index, { label: e.target.value })}
            maxLength={LIMITS.quickReplyLabel}
            disabled={!editable}
          />
          <input
            aria-label={`Quick reply ${index + 1} value`}
            placeholder="Value (default: the label)"
            value={row.value}
            onChange={(e) => update(index, { value: e.target.value })}
            maxLength={LIMITS.quickReplyValue}
            disabled={!editable}
          />
          {editable && (
            <button type="button" onClick={() => onChange(value.filter((_, i) => i !== index))}>
              Remove<span className="visually-hidden"> quick reply {index + 1}</span>
            </button>
          )}
        </div>
      ))}
      {editable && (
        <button type="button" onClick={() => onChange([...value, emptyQuickReply()])}>
          Add quick reply
        </button>
      )}
    </fieldset>
  );
}
