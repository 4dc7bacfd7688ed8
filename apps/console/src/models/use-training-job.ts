import { useEffect, useState } from 'react';
import { fetchTrainingJob, fetchTrainingJobs } from '../api/models.ts';
import type { TrainingJob } from '../api/types.ts';
import { useSocketEvent } from '../realtime/use-socket-event.ts';

export interface TrainingJobState {
  job: TrainingJob | null;
  loading: boolean;
  error: unknown;
  setJob(job: TrainingJob): void;
}

const finished = (job: TrainingJob) => job.status === 'succeeded' || job.status === 'failed';

/**
 * The bot's latest training job: read once over REST, then moved along by `training:progress`. When it ends, the
 * full job (with its report) is read again, and `onFinished` lets the page refresh the versions.
 */
export function useTrainingJob(botId: string, onFinished: () => void): TrainingJobState {
  const [job, setJob] = useState<TrainingJob | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let active = true;
    setLoading(true);
    setJob(null);
    (async () => {
      const latest = (await fetchTrainingJobs(botId, 1)).jobs[0] ?? null;
      // The list may leave reports out; a finished job is read in full.
      return latest && finished(latest) && !latest.report && latest.status === 'succeeded'
        ? (await fetchTrainingJob(botId, latest.id)).job
        : latest;
    })().then(
      (latest) => {
        if (!active) return;
        setJob(latest);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!active) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      active = false;
    };
  }, [botId]);

  useSocketEvent('training:progress', (event) => {
    if (event.botId !== botId) return;
    setJob((current) => {
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
        message: event.message ?? base.message,
        candidateVersion: event.candidateVersion ?? base.candidateVersion,
        error: event.status === 'failed' ? (event.message ?? base.error) : base.error,
      };
    });
    if (event.status === 'succeeded' || event.status === 'failed') {
      fetchTrainingJob(botId, event.jobId).then(
        ({ job: full }) => setJob(full),
        (failure: unknown) => setError(failure),
      );
      onFinished();
    }
  });

  return { job, loading, error, setJob };
}
