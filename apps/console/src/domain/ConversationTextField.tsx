import { useId } from 'react';
import type { TextFieldInfo } from './conversation-text-fields.ts';

interface Props {
  field: TextFieldInfo;
  value: string;
  defaultValue: string;
  editable: boolean;
  onChange(value: string): void;
}

/** One of the bot's texts: the value, what it is for, the built-in value when it differs, and a way back to it. */
export function ConversationTextField({ field, value, defaultValue, editable, onChange }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const isDefault = value.trim() === defaultValue;
  const control = {
    value,
    onChange: (event: { target: { value: string } }) => onChange(event.target.value),
    maxLength: field.maxLength,
    disabled: !editable,
    id,
    'aria-describedby': hintId,
  };
  return (
    <div className="text-field">
      {/* Beside the control, not around it: a wrapping label's text would include the text being edited. */}
      <label htmlFor={id}>{field.name}</label>
      {field.multiline ? <textarea rows={2} {...control} /> : <input {...control} />}
      <p id={hintId} className="hint">
        {field.hint} {!isDefault && <span className="text-default">Default: “{defaultValue}”</span>}
      </p>
      {editable && (
        <button type="button" aria-label={`Reset “${field.name}” to default`} disabled={isDefault} onClick={() => onChange(defaultValue)}>
          Reset to default
        </button>
      )}
    </div>
  );
}
