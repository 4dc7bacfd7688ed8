import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { TrainingFailure } from './training-failure.ts';
import { workerMessageSchema, type JobProgress, type TrainingRequest, type TrainingResult } from './training-protocol.ts';

/**
 * The child's entry. Built JavaScript (dist/, plain `node`) forks the built worker directly, needing nothing but
 * production dependencies. TypeScript source (tsx, in development and tests) forks a bootstrap that registers tsx,
 * because a forked process does not inherit a loader, with the condition that resolves workspace packages to src/.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = fileURLToPath(new URL(FROM_SOURCE ? './training-bootstrap.mjs' : './training-worker.js', import.meta.url));
const EXEC_ARGV = FROM_SOURCE ? ['--conditions=@parley/source'] : [];
/** The end of the child's stderr, kept to explain a crash. */
const STDERR_TAIL = 2_000;

export interface TrainingProcess {
  result: Promise<TrainingResult>;
  /** Stops the child; `result` rejects with `reason`. */
  stop(reason: string): void;
}

const minutes = (ms: number): string => (ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

/**
 * Trains in a child process, so that embedding thousands of texts and fitting heads never stalls the server's
 * event loop (or its customers), and a crash or runaway job cannot take the server down with it.
 */
export function startTrainingProcess(options: {
  request: TrainingRequest;
  timeoutMs: number;
  logger: Logger;
  onProgress: (progress: JobProgress) => void;
}): TrainingProcess {
  const { logger } = options;
  const child = fork(ENTRY, [], { execArgv: EXEC_ARGV, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL)));

  let settle: { resolve: (result: TrainingResult) => void; reject: (error: Error) => void } | undefined;
  const result = new Promise<TrainingResult>((resolve, reject) => (settle = { resolve, reject }));
  const finish = (outcome: TrainingResult | Error): void => {
    if (!settle) return;
    const { resolve, reject } = settle;
    settle = undefined;
    clearTimeout(timer);
    if (outcome instanceof Error) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(outcome);
    } else resolve(outcome);
  };
  const timer = setTimeout(
    () => finish(new TrainingFailure(`training took longer than ${minutes(options.timeoutMs)} and was stopped`)),
    options.timeoutMs,
  );

  child.on('message', (raw: unknown) => {
    const parsed = workerMessageSchema.safeParse(raw);
    if (!parsed.success) return finish(new TrainingFailure('the training process sent a malformed message'));
    const message = parsed.data;
    if (message.type === 'progress') options.onProgress(message.progress);
    else if (message.type === 'log') relayLog(logger, message.line);
    else if (message.type === 'failed') finish(new TrainingFailure(message.message));
    else finish(message);
  });
  child.on('error', (error) => finish(new TrainingFailure(`the training process could not run: ${error.message}`)));
  // 'close', not 'exit': it comes after the IPC channel and stderr are drained, so a 'done' is never overtaken.
  child.on('close', (code, signal) => {
    const lastLine = stderr.trim().split('\n').at(-1);
    finish(
      new TrainingFailure(
        `the training process stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})${lastLine ? `: ${lastLine}` : ''}`,
      ),
    );
  });
  child.send(options.request, (error) => error && finish(new TrainingFailure(`the training process could not start: ${error.message}`)));
  return { result, stop: (reason) => finish(new TrainingFailure(reason)) };
}

/** Writes one of the child's pino lines to the server's log at its own level. */
function relayLog(logger: Logger, line: string): void {
  try {
    const { level, msg, time: _time, pid: _pid, hostname: _hostname, ...fields } = JSON.parse(line) as Record<string, unknown>;
    const label = logger.levels.labels[Number(level)] ?? 'info';
    (logger[label as 'info'] as Logger['info']).call(logger, fields, typeof msg === 'string' ? msg : 'training');
  } catch {
    logger.info({ line }, 'training');
  }
}
