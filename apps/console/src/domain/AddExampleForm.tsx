import { useState, type FormEvent } from 'react';
import { createExample } from '../api/domain.ts';
import type { Example, ExampleSplit } from '@parley/protocol';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';

export function AddExampleForm({ botId, label, onAdded }: { botId: string; label: string; onAdded(example: Example): void }) {
  const [text, setText] = useState('');
  const [split, setSplit] = useState<ExampleSplit>('train');
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      onAdded((await createExample(botId, { task: 'intent', text: text.trim(), label, split })).example);
      setText('');
    });
  };

  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        New example
        <input value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} required />
      </label>
      <label>
        Split
        <select value={split} onChange={(e) => setSplit(e.target.value as ExampleSplit)}>
          <option value="train">train</option>
          <option value="test">test</option>
        </select>
      </label>
      <button type="submit" disabled={busy || !text.trim()}>
        Add example
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
