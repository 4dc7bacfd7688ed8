import { fetchModelVersions } from '../api/models.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Loading } from '../components/Loading.tsx';
import { useLoad } from '../lib/use-load.ts';
import { TrainingJobPanel } from '../models/TrainingJobPanel.tsx';
import { TryItPanel } from '../models/TryItPanel.tsx';
import { useTrainingJob } from '../models/use-training-job.ts';
import { VersionHistory } from '../models/VersionHistory.tsx';
import { useSocketEvent } from '../realtime/use-socket-event.ts';
import { useBots } from '../session/bot-context.ts';
import { useIsAdmin } from '../session/session-context.ts';

export function ModelsPage() {
  const { bot } = useBots();
  if (!bot) return <EmptyState>This workspace has no bot yet.</EmptyState>;
  return <BotModels key={bot.id} botId={bot.id} activeModelVersion={bot.activeModelVersion} />;
}

function BotModels({ botId, activeModelVersion }: { botId: string; activeModelVersion: string | null }) {
  const isAdmin = useIsAdmin();
  const { reload: reloadBots } = useBots();
  const versions = useLoad(() => fetchModelVersions(botId), [botId]);
  const training = useTrainingJob(botId, versions.reload);

  const modelChanged = () => {
    versions.reload();
    reloadBots();
  };
  useSocketEvent('model:changed', (event) => event.botId === botId && modelChanged());

  const liveVersion = versions.data?.liveVersion ?? activeModelVersion;
  return (
    <div className="models-page">
      <h1>Models</h1>
      <p>
        Live version: <strong>{liveVersion ?? 'none'}</strong>
      </p>
      <ErrorMessage error={training.error} />
      {training.loading ? (
        <Loading what="the latest training job" />
      ) : (
        <TrainingJobPanel
          botId={botId}
          job={training.job}
          isAdmin={isAdmin}
          liveVersion={liveVersion}
          onStarted={training.setJob}
          onPromoted={modelChanged}
        />
      )}
      <TryItPanel botId={botId} liveVersion={liveVersion} versions={versions.data?.versions ?? []} />
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">Version history</h2>
        <ErrorMessage error={versions.error} onRetry={versions.reload} />
        {versions.loading && !versions.data ? (
          <Loading what="model versions" />
        ) : (
          versions.data && (
            <VersionHistory
              botId={botId}
              versions={versions.data.versions}
              isAdmin={isAdmin}
              latestReport={training.job?.report ?? null}
              onChanged={modelChanged}
            />
          )
        )}
      </section>
    </div>
  );
}
