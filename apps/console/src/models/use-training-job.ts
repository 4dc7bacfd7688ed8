import { useCallback, useState } from 'react';
import { fetchTrainingJob, fetchTrainingJobs } from '../api/models.ts';
import type { TrainingJob } from '@parley/protocol';
import { useLoad } from '../lib/use-load.ts';
import { useSocketEvent } from '../realtime/use-socket-event.ts';

export interface TrainingJobState {
  job: TrainingJob | null;
  loading: boolean;
  error: unknown;
  setJob(job: TrainingJob): void;
}

const finished = (job: Pick<TrainingJob, 'status'>) => job.status === 'succeeded' || job.status === 'failed';

/**
 * The bot's latest training job: read once over REST, then moved along by `training:progress`. When it ends, the
 * full job (with its report) is read again, and `onFinished` lets the page refresh the versions.
 */
export function useTrainingJob(botId: string, onFinished: () => void): TrainingJobState {
  // The list carries each job whole, report included.
  const { data, loading, error, setData } = useLoad(async () => (await fetchTrainingJobs(botId, 1)).jobs[0] ?? null, [botId]);
  // useLoad reports the first read's failure; this one is re-reading a job that just finished.
  const [refreshError, setRefreshError] = useState<unknown>(null);
  const setJob = useCallback((job: TrainingJob) => setData(() => job), [setData]);

  useSocketEvent('training:progress', (event) => {
    if (event.botId !== botId) return;
    setData((current) => {
      const base: TrainingJob =
        current?.id === event.jobId
          ? current
          : {
              id: event.jobId,
              botId,
              status: event.status,
              stage: event.stage,
              fraction: event.fraction,
              message: null,
              error: null,
              candidateVersion: null,
              liveVersion: null,
              requestedBy: null,
              createdAt: new Date().toISOString(),
              startedAt: null,
              finishedAt: null,
              report: null,
            };
      return {
        ...base,
        status: event.status,
        stage: event.stage,
        fraction: event.fraction,
        // Each event carries the stage's current detail; keeping an earlier one would describe a step long done.
        message: event.message ?? null,
        candidateVersion: event.candidateVersion ?? base.candidateVersion,
        error: event.status === 'failed' ? (event.message ?? base.error) : base.error,
      };
    });
    if (finished(event)) {
      fetchTrainingJob(botId, event.jobId).then(
        ({ job: full }) => setJob(full),
        (failure: unknown) => setRefreshError(failure),
      );
      onFinished();
    }
  });

  return { job: data ?? null, loading, error: error ?? refreshError, setJob };
}
