import { useState, type FormEvent } from 'react';
import { saveIntent } from '../api/domain.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';

export function CreateIntentForm({ botId, onCreated }: { botId: string; onCreated(name: string): void }) {
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    await run(async () => {
      await saveIntent(botId, trimmed, {});
      setName('');
      onCreated(trimmed);
    });
  };

  return (
    <form className="inline-form" onSubmit={submit}>
      <label>
        New intent name
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required />
      </label>
      <button type="submit" disabled={busy || !name.trim()}>
        Create intent
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
