import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { deleteIntent } from '../api/domain.ts';
import type { IntentInfo } from '@parley/protocol';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ExampleList } from './ExampleList.tsx';
import { IntentSettingsForm } from './IntentSettingsForm.tsx';
import { IntentTranslationForm } from './IntentTranslationForm.tsx';

interface Props {
  botId: string;
  intent: IntentInfo;
  editable: boolean;
  onChanged(): void;
}

export function IntentEditor({ botId, intent, editable, onChanged }: Props) {
  const navigate = useNavigate();
  const [confirmingDelete, setConfirmingDelete] = useState(false);

  return (
    <section className="intent-editor" aria-labelledby="intent-title">
      <header className="section-header">
        <h2 id="intent-title">{intent.name}</h2>
        {editable && (
          <button type="button" className="danger" onClick={() => setConfirmingDelete(true)}>
            Delete intent
          </button>
        )}
      </header>
      <IntentSettingsForm key={intent.name} botId={botId} intent={intent} editable={editable} onSaved={onChanged} />
      <IntentTranslationForm key={`${intent.name}-zh`} botId={botId} intent={intent} editable={editable} onSaved={onChanged} />
      <ExampleList botId={botId} intent={intent.name} editable={editable} onCountsChanged={onChanged} />
      {confirmingDelete && (
        <ConfirmDialog
          title={`Delete the intent “${intent.name}”?`}
          confirmLabel="Delete"
          onClose={() => setConfirmingDelete(false)}
          onConfirm={async () => {
            await deleteIntent(botId, intent.name);
            onChanged();
            void navigate('/domain');
          }}
        >
          <p>
            Its {intent.trainExamples + intent.testExamples} examples and its answer are deleted too. The live model keeps working until the
            next retrain.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
