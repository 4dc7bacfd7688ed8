import { startTraining } from '../api/models.ts';
import type { TrainingJob } from '@parley/protocol';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { dateTime } from '../lib/format.ts';
import { useAction } from '../lib/use-action.ts';
import { EvaluationReport } from './EvaluationReport.tsx';
import { PromotePanel } from './PromotePanel.tsx';
import { TrainingProgress } from './TrainingProgress.tsx';

interface Props {
  botId: string;
  job: TrainingJob | null;
  isAdmin: boolean;
  liveVersion: string | null;
  onStarted(job: TrainingJob): void;
  onPromoted(): void;
}

export function TrainingJobPanel({ botId, job, isAdmin, liveVersion, onStarted, onPromoted }: Props) {
  const { busy: starting, error, run } = useAction();
  const active = job?.status === 'queued' || job?.status === 'running';

  const retrain = (from: 'live' | 'scratch') => run(async () => onStarted((await startTraining(botId, from)).job));

  return (
    <section className="training" aria-labelledby="training-title">
      <header className="section-header">
        <h2 id="training-title">Training</h2>
        {isAdmin && (
          <span className="button-row">
            <button
              type="button"
              onClick={() => retrain('scratch')}
              disabled={starting || active}
              title="Random start and the full schedule: slower, and examples removed since leave no trace"
            >
              Retrain from scratch
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => retrain('live')}
              disabled={starting || active}
              title="Starts from the live model's weights: a fraction of the time"
            >
              Retrain
            </button>
          </span>
        )}
      </header>
      <ErrorMessage error={error} />
      {!job && <p className="muted">No training job yet. Retraining learns from the domain's examples and the corrections made since.</p>}
      {job && (
        <p className="muted">
          Job started {dateTime(job.createdAt)}
          {job.requestedBy && ` by ${job.requestedBy.name}`}: {job.status}.
        </p>
      )}
      {job && active && <TrainingProgress job={job} />}
      {job?.status === 'failed' && (
        <div className="error" role="alert">
          <p>
            Training failed: {job.error ?? job.message ?? 'no reason given'}. The live model{liveVersion ? ` (${liveVersion})` : ''} is
            unchanged.
          </p>
        </div>
      )}
      {job?.status === 'succeeded' && !job.report && <p className="muted">Loading the evaluation report…</p>}
      {job?.status === 'succeeded' && job.report && job.candidateVersion && (
        <>
          <PromotePanel
            botId={botId}
            version={job.candidateVersion}
            report={job.report}
            isAdmin={isAdmin}
            alreadyLive={liveVersion === job.candidateVersion}
            onPromoted={onPromoted}
          />
          <EvaluationReport report={job.report} liveVersion={liveVersion} />
        </>
      )}
    </section>
  );
}
