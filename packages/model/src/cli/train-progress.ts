import cliProgress from 'cli-progress';
import type { ProgressListener, TrainProgress } from '../classifier/api-types.ts';

export interface ProgressDisplay {
  listener: ProgressListener;
  /** Training succeeded: shows the last stage as done. */
  finish(): void;
  /** Gives the terminal back (cursor, line wrapping); call it whether training succeeded or not. */
  stop(): void;
}

/**
 * Live bars on a terminal. Anywhere else (CI logs, pipes) redrawn bars are noise, so each stage is one line
 * when it starts.
 */
export function progressDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  return stream.isTTY ? barDisplay(stream) : lineDisplay(stream);
}

function stageName(progress: TrainProgress): string {
  return progress.task === 'all' ? progress.stage : `${progress.task} ${progress.stage}`;
}

/**
 * One bar per stage, kept after it completes, so the tasks' stages may interleave. Stages run one after
 * another, and some only report their start, so a new stage marks the one before as done.
 */
function barDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  const bars = new cliProgress.MultiBar(
    { stream, format: ' {stage} {bar} {value}/{total} {message}', hideCursor: true, clearOnComplete: false, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const byStage = new Map<string, cliProgress.SingleBar>();
  let current: cliProgress.SingleBar | undefined;
  const completeCurrent = () => current?.update(current.getTotal());
  return {
    listener(progress) {
      const stage = stageName(progress);
      const payload = { stage: stage.padEnd(18), message: progress.message ?? '' };
      let bar = byStage.get(stage);
      if (bar === undefined) {
        completeCurrent();
        bar = bars.create(progress.total, progress.done, payload);
        byStage.set(stage, bar);
      } else {
        bar.setTotal(progress.total);
        bar.update(progress.done, payload);
      }
      current = bar;
    },
    finish: completeCurrent,
    stop: () => bars.stop(),
  };
}

function lineDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  const started = new Set<string>();
  return {
    listener(progress) {
      const stage = stageName(progress);
      if (started.has(stage)) return;
      started.add(stage);
      const message = progress.message ? ` ${progress.message}` : '';
      stream.write(`${stage}: ${progress.done}/${progress.total}${message}\n`);
    },
    finish() {},
    stop() {},
  };
}
