import { useNavigate, useParams } from 'react-router-dom';
import { fetchIntents } from '../api/domain.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { ConversationTextsSection } from '../domain/ConversationTextsSection.tsx';
import { CreateIntentForm } from '../domain/CreateIntentForm.tsx';
import { ExportLinks } from '../domain/ExportLinks.tsx';
import { ImportForm } from '../domain/ImportForm.tsx';
import { IntentEditor } from '../domain/IntentEditor.tsx';
import { IntentList } from '../domain/IntentList.tsx';
import { useLoad } from '../lib/use-load.ts';
import { useBots } from '../session/bot-context.ts';
import { useIsAdmin } from '../session/session-context.ts';

/** The bot's intents, their examples and answers: the data the next model is trained on. */
export function DomainPage() {
  const { bot } = useBots();
  const isAdmin = useIsAdmin();
  const navigate = useNavigate();
  const selectedName = useParams().intent;
  const botId = bot?.id;
  const domain = useLoad(() => (botId ? fetchIntents(botId) : Promise.resolve({ intents: [], sentimentLabels: [] })), [botId]);
  const intents = domain.data?.intents ?? [];
  const selected = intents.find(({ name }) => name === selectedName);

  if (!botId) return <EmptyState>This workspace has no bot yet.</EmptyState>;
  return (
    <div className="domain-page">
      <section className="domain-sidebar" aria-labelledby="domain-title">
        <h1 id="domain-title">Domain</h1>
        {!isAdmin && <p className="muted">Only admins can edit the domain.</p>}
        {isAdmin && (
          <CreateIntentForm
            botId={botId}
            onCreated={(name) => {
              domain.reload();
              void navigate(`/domain/${encodeURIComponent(name)}`);
            }}
          />
        )}
        <ErrorMessage error={domain.error} onRetry={domain.reload} />
        {domain.loading && !domain.data ? (
          <Loading what="intents" />
        ) : domain.data && intents.length === 0 ? (
          <EmptyState>No intents yet.</EmptyState>
        ) : (
          <IntentList intents={intents} />
        )}
      </section>
      <div className="domain-detail">
        {selected ? (
          <IntentEditor key={selected.name} botId={botId} intent={selected} editable={isAdmin} onChanged={domain.reload} />
        ) : selectedName && domain.data ? (
          <EmptyState>No intent named “{selectedName}”.</EmptyState>
        ) : (
          <EmptyState>Pick an intent to see its examples and answer.</EmptyState>
        )}
        {isAdmin && <ImportForm botId={botId} onImported={domain.reload} />}
        <ExportLinks botId={botId} />
        <ConversationTextsSection key={botId} botId={botId} editable={isAdmin} />
      </div>
    </div>
  );
}
