import { useState } from 'react';
import { deleteExample, updateExample } from '../api/domain.ts';
import type { Example } from '@parley/protocol';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';

interface Props {
  botId: string;
  example: Example;
  editable: boolean;
  onChanged(example: Example): void;
  onDeleted(exampleId: string): void;
}

export function ExampleRow({ botId, example, editable, onChanged, onDeleted }: Props) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(example.text);
  const { busy, error, run: act } = useAction();
  const otherSplit = example.split === 'train' ? 'test' : 'train';

  const save = () =>
    act(async () => {
      onChanged((await updateExample(botId, example.id, { text: text.trim() })).example);
      setEditing(false);
    });

  return (
    <tr>
      <td>
        {editing ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <label>
              Example text
              <input value={text} onChange={(e) => setText(e.target.value)} required autoFocus />
            </label>
            <button type="submit" disabled={busy || !text.trim()}>
              Save
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
                setText(example.text);
              }}
            >
              Cancel
            </button>
          </form>
        ) : (
          example.text
        )}
        <ErrorMessage error={error} />
      </td>
      <td>{example.split}</td>
      <td className="muted">{example.source}</td>
      {editable && (
        <td className="button-row">
          {!editing && (
            <button type="button" onClick={() => setEditing(true)} aria-label={`Edit “${example.text}”`}>
              Edit
            </button>
          )}
          <button
            type="button"
            disabled={busy}
            onClick={() => act(async () => onChanged((await updateExample(botId, example.id, { split: otherSplit })).example))}
          >
            Move to {otherSplit}
          </button>
          <button
            type="button"
            className="danger"
            disabled={busy}
            aria-label={`Delete “${example.text}”`}
            onClick={() =>
              act(async () => {
                await deleteExample(botId, example.id);
                onDeleted(example.id);
              })
            }
          >
            Delete
          </button>
        </td>
      )}
    </tr>
  );
}
