import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

/** One pino line of a worker process. */
export type LogLine = Record<string, unknown> & { msg?: string; time?: number };

export interface WorkerProcess {
  pid: number;
  /** Every log line so far. */
  lines: LogLine[];
  /** Resolves with the first line (past or future) that `match` accepts. */
  waitForLog(match: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine>;
  /** PIDs of the processes it forked (a training child), read from /proc. */
  children(): number[];
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM, as a deploy would; resolves once it has exited. */
  stop(): Promise<void>;
}

/** `apps/bot/src/worker.ts` as its own process (as `npm run worker` runs it), resolved once it says it runs. */
export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/bot/src/worker.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PARLEY_ENCODER_WORKER: 'off', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  let partial = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    for (const text of parts) {
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        continue;
      }
      lines.push(line);
      for (const waiter of waiters) {
        if (!waiter.match(line)) continue;
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;

  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs: number) => {
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const waiter = { match, resolve: (line: LogLine) => (clearTimeout(timer), resolve(line)) };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`worker ${child.pid}: no matching log line within ${timeoutMs} ms; stderr:\n${stderr}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (!alive()) return;
    child.kill(signal);
    await exited;
  };

  try {
    await Promise.race([
      waitForLog((line) => line.msg === 'Parley worker running', READY_TIMEOUT_MS),
      exited.then(() => Promise.reject(new Error(`the worker exited with ${child.exitCode}:\n${stderr}`))),
    ]);
  } catch (error) {
    await kill('SIGKILL');
    throw error;
  }
  return {
    pid: child.pid!,
    lines,
    waitForLog,
    children: () => childPids(child.pid!),
    kill,
    async stop() {
      if (!alive()) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await kill('SIGTERM');
      clearTimeout(killer);
    },
  };
}

/** Direct children of `pid` (Linux /proc). */
function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** Whether a process with this PID still exists (signal 0 probes without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
