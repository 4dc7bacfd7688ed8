import type { BotLlmChange, BotLlmInfo, LlmPrice } from '@parley/protocol';
import { useId, useState, type FormEvent } from 'react';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { useAction } from '../lib/use-action.ts';
import { llmChange, llmFormDraft, type LlmFormDraft } from './llm-form.ts';
import { LLM_PRESETS, presetOf } from './llm-presets.ts';

interface Props {
  botId: string;
  llm: BotLlmInfo | null;
  save(botId: string, change: BotLlmChange): Promise<{ llm: BotLlmInfo }>;
  onSaved(llm: BotLlmInfo): void;
}

const priceText = (price: LlmPrice) => `$${price.inputPerMillion} in, $${price.outputPerMillion} out per 1M tokens`;

export function LlmSettingsForm({ botId, llm, save, onSaved }: Props) {
  const [draft, setDraft] = useState<LlmFormDraft>(() => llmFormDraft(llm));
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(false);
  const serviceId = useId();
  const set = <Field extends keyof LlmFormDraft>(field: Field, value: LlmFormDraft[Field]) => {
    setSaved(false);
    setDraft((current) => ({ ...current, [field]: value }));
  };
  const preset = presetOf(draft.baseUrl);
  const hasStoredKey = Boolean(llm?.apiKeySet);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const stored = await save(botId, llmChange(draft, hasStoredKey));
      // The key is write-only: once stored, the field goes back to "keep the saved key".
      setDraft((current) => ({ ...current, apiKey: '' }));
      setSaved(true);
      onSaved(stored.llm);
    });
  };

  return (
    <form className="stack llm-form" onSubmit={submit} aria-label="Language model settings">
      {/* Labelled by id, not wrapped: a wrapping label would add the chosen option to the select's name. */}
      <label htmlFor={serviceId}>Service</label>
      <select
        id={serviceId}
        value={preset?.baseUrl ?? ''}
        onChange={(e) => {
          const chosen = LLM_PRESETS.find((p) => p.baseUrl === e.target.value);
          if (!chosen) return;
          setSaved(false);
          setDraft((current) => ({ ...current, baseUrl: chosen.baseUrl, model: chosen.model || current.model }));
        }}
      >
        <option value="">Other (enter the base URL)</option>
        {LLM_PRESETS.map((p) => (
          <option key={p.baseUrl} value={p.baseUrl}>
            {p.name}
          </option>
        ))}
      </select>
      <label>
        Base URL
        <input
          type="url"
          required
          value={draft.baseUrl}
          placeholder="https://api.openai.com/v1"
          onChange={(e) => set('baseUrl', e.target.value)}
        />
      </label>
      <label>
        Model
        <input type="text" required value={draft.model} onChange={(e) => set('model', e.target.value)} />
      </label>
      <label>
        API key
        <input
          type="password"
          autoComplete="off"
          value={draft.apiKey}
          placeholder={hasStoredKey ? 'Leave blank to keep the saved key' : ''}
          onChange={(e) => set('apiKey', e.target.value)}
        />
      </label>
      <p className="muted hint" role="note">
        {!llm
          ? 'Stored encrypted and never shown again. Services that need no key (Ollama, vLLM) take any text.'
          : !llm.apiKeySet
            ? 'The saved key cannot be read by this server (its secrets key changed): enter the key again.'
            : llm.apiKeyHint
              ? `A key is set, ends in …${llm.apiKeyHint}.`
              : 'A key is set (too short to show its end).'}
      </p>
      <div className="llm-numbers">
        <label>
          Timeout (seconds)
          <input
            type="number"
            min={0.1}
            max={120}
            step={0.1}
            required
            value={draft.timeoutSeconds}
            onChange={(e) => set('timeoutSeconds', e.target.value)}
          />
        </label>
        <label>
          Temperature
          <input
            type="number"
            min={0}
            max={2}
            step={0.1}
            value={draft.temperature}
            placeholder="Service default"
            onChange={(e) => set('temperature', e.target.value)}
          />
        </label>
        <label>
          Max output tokens
          <input
            type="number"
            min={1}
            max={32768}
            required
            value={draft.maxOutputTokens}
            onChange={(e) => set('maxOutputTokens', e.target.value)}
          />
        </label>
        <label>
          Retries
          <input type="number" min={0} max={3} required value={draft.maxRetries} onChange={(e) => set('maxRetries', e.target.value)} />
        </label>
        <label>
          Daily token quota
          <input
            type="number"
            min={0}
            step={1}
            value={draft.dailyTokenQuota}
            placeholder="Unlimited"
            onChange={(e) => set('dailyTokenQuota', e.target.value)}
          />
        </label>
      </div>
      <label className="radio">
        <input type="checkbox" checked={draft.redactPii} onChange={(e) => set('redactPii', e.target.checked)} />
        Redact personal data (emails, phone, card and ID numbers) before questions leave for the service
      </label>
      <fieldset>
        <legend>Price</legend>
        <p className="muted hint">
          {llm?.listPrice
            ? `Built-in price of ${llm.model}: ${priceText(llm.listPrice)}.`
            : 'No built-in price for this model: its cost shows as unknown unless you set one.'}
        </p>
        <label className="radio">
          <input type="checkbox" checked={draft.overridePrice} onChange={(e) => set('overridePrice', e.target.checked)} />
          Use my own price
        </label>
        {draft.overridePrice && (
          <div className="llm-numbers">
            <label>
              USD per 1M input tokens
              <input
                type="number"
                min={0}
                step="any"
                required
                value={draft.inputPerMillion}
                onChange={(e) => set('inputPerMillion', e.target.value)}
              />
            </label>
            <label>
              USD per 1M output tokens
              <input
                type="number"
                min={0}
                step="any"
                required
                value={draft.outputPerMillion}
                onChange={(e) => set('outputPerMillion', e.target.value)}
              />
            </label>
          </div>
        )}
      </fieldset>
      <ErrorMessage error={error} />
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save language model'}
        </button>
        {saved && <span role="status">Saved.</span>}
      </div>
    </form>
  );
}
