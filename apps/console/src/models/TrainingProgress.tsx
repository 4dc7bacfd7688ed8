import type { TrainingJob } from '@parley/protocol';
import { stageName } from './stage-names.ts';

/** The job's progress as an ARIA progressbar, with the stage in words. */
export function TrainingProgress({ job }: { job: Pick<TrainingJob, 'status' | 'stage' | 'fraction' | 'message'> }) {
  const value = Math.round(job.fraction * 100);
  const stage = stageName(job.status === 'queued' ? 'queued' : job.stage);
  return (
    <div className="training-progress">
      <p id="training-stage">
        {stage}: {value}%{job.message && <span className="muted"> · {job.message}</span>}
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Training progress"
        aria-describedby="training-stage"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${stage}, ${value}%`}
      >
        <div className="progress-fill" style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}
