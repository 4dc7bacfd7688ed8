import { useState, type FormEvent } from 'react';
import { importExamples } from '../api/domain.ts';
import type { ExampleFormat, ImportResult, TrainingTask } from '@parley/protocol';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';

const MAX_BYTES = 5 * 1024 * 1024;

/** Uploads a JSONL or CSV file of examples; the server either stores all of it or names the bad lines. */
export function ImportForm({ botId, onImported }: { botId: string; onImported(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [task, setTask] = useState<TrainingTask>('intent');
  const [mode, setMode] = useState<'append' | 'replace'>('append');
  const { busy, error, run } = useAction();
  const [result, setResult] = useState<ImportResult | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setResult(null);
    await run(async () => {
      if (file.size > MAX_BYTES) throw new Error('The file is larger than 5 MB.');
      const format: ExampleFormat = file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
      setResult(await importExamples(botId, { task, format, mode, content: await file.text() }));
      onImported();
    });
  };

  return (
    <form className="stack" onSubmit={submit} aria-labelledby="import-title">
      <h3 id="import-title">Import examples</h3>
      <label>
        File (JSONL or CSV)
        <input
          type="file"
          accept=".jsonl,.json,.ndjson,.csv,text/csv,application/jsonl"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </label>
      <label>
        Task
        <select value={task} onChange={(e) => setTask(e.target.value as TrainingTask)}>
          <option value="intent">intent</option>
          <option value="sentiment">sentiment</option>
        </select>
      </label>
      <fieldset>
        <legend>Mode</legend>
        <label className="radio">
          <input type="radio" name="import-mode" checked={mode === 'append'} onChange={() => setMode('append')} /> Append
        </label>
        <label className="radio">
          <input type="radio" name="import-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} /> Replace all examples of
          the task
        </label>
      </fieldset>
      <button type="submit" disabled={busy || !file}>
        {busy ? 'Importing…' : 'Import'}
      </button>
      <ErrorMessage error={error} />
      {result && (
        <p role="status">
          Imported {result.imported}, skipped {result.duplicates} duplicates, removed {result.removed}.
        </p>
      )}
    </form>
  );
}
