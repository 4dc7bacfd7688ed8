import { useState, type FormEvent } from 'react';
import { saveIntent } from '../api/domain.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';

export function CreateIntentForm({ botId, onCreated }: { botId: string; onCreated(name: string): void }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    setBusy(true);
    setError(null);
    try {
      await saveIntent(botId, trimmed, {});
      setName('');
      onCreated(trimmed);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
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
