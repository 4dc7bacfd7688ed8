import type { BotLlmInfo, LlmTestResult } from '@parley/protocol';
import { useState } from 'react';
import { fetchBotLlm, removeBotLlm, saveBotLlm, testBotLlm } from '../api/llm.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { dateTime } from '../lib/format.ts';
import { useAction } from '../lib/use-action.ts';
import { useLoad } from '../lib/use-load.ts';
import { LlmSettingsForm } from './LlmSettingsForm.tsx';

/** The language model the bot writes knowledge answers with; without one it answers with the best passage's sentences. */
export function LlmSettingsSection({
  botId,
  onMetered,
}: {
  botId: string;
  /** A test call was made and counted in usage. */ onMetered?(): void;
}) {
  const settings = useLoad(() => fetchBotLlm(botId), [botId]);
  const [removing, setRemoving] = useState(false);
  const test = useAction();
  const [testResult, setTestResult] = useState<LlmTestResult | null>(null);
  const llm = settings.data?.llm ?? null;

  const stored = (next: BotLlmInfo | null) => {
    settings.setData(() => ({ llm: next }));
    setTestResult(null);
  };

  return (
    <section className="llm-settings" aria-labelledby="llm-title">
      <h2 id="llm-title">Language model</h2>
      <p className="muted">
        With a language model the bot writes answers from the knowledge base’s passages and cites them; without one it quotes the best
        passage. Any service that speaks the OpenAI chat completions API works.
      </p>
      <ErrorMessage error={settings.error} onRetry={settings.reload} />
      {settings.loading && !settings.data ? (
        <Loading what="the language model settings" />
      ) : (
        settings.data && (
          <>
            <p role="status">
              {llm ? (
                <>
                  Answers with <strong>{llm.model}</strong> at {llm.baseUrl} (saved {dateTime(llm.updatedAt)}).
                </>
              ) : (
                'No language model: the bot answers extractively.'
              )}
            </p>
            <LlmSettingsForm key={llm ? 'stored' : 'none'} botId={botId} llm={llm} onSaved={stored} save={saveBotLlm} />
            {llm && (
              <div className="button-row">
                <button
                  type="button"
                  disabled={test.busy}
                  onClick={() =>
                    void test.run(async () => {
                      setTestResult(await testBotLlm(botId));
                      onMetered?.();
                    })
                  }
                  title="Asks the saved model a one-line question; the call counts towards usage"
                >
                  {test.busy ? 'Testing…' : 'Test the saved settings'}
                </button>
                <button type="button" className="danger" onClick={() => setRemoving(true)}>
                  Remove language model
                </button>
              </div>
            )}
            <ErrorMessage error={test.error} />
            {testResult && (
              <p className={testResult.ok ? 'test-ok' : 'error-text'} role="status">
                {testResult.ok
                  ? `${testResult.model} answered in ${Math.round(testResult.latencyMs)} ms: “${testResult.reply ?? ''}”`
                  : `${testResult.model} failed after ${Math.round(testResult.latencyMs)} ms: ${testResult.error ?? 'no reason given'}`}
              </p>
            )}
          </>
        )
      )}
      {removing && (
        <ConfirmDialog
          title="Remove the language model?"
          confirmLabel="Remove"
          onClose={() => setRemoving(false)}
          onConfirm={async () => {
            await removeBotLlm(botId);
            stored(null);
          }}
        >
          <p>The bot answers extractively again, and the stored API key is deleted. Its usage history stays.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
