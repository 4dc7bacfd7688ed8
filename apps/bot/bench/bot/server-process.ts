/**
 * The bot server as a child process, so that its memory and CPU are measured apart from the load generator's.
 * It runs as `node --import tsx bench/bot/serve.ts` (main.ts under another name, see serve.ts) rather than through the tsx CLI, which would add a relay process
 * between us and the server and make the pid we sample the wrong one.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const botAppDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerEnv {
  dataDir: string;
  databaseUrl?: string | undefined;
  logLevel?: string;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeFlags?: string[];
}

export interface LogProblem {
  level: number;
  msg: string;
}

export interface RunningServer {
  pid: number;
  baseUrl: string;
  /** error/fatal log records seen so far (pino levels ≥ 50). */
  problems: LogProblem[];
  /** Sends SIGTERM and resolves with the exit code once the server has shut down (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

/** The limits the benchmark raises: every client comes from loopback, and one IP may otherwise open 120 sockets a minute and hold 256. */
export const BENCH_RATE_LIMITS = {
  PARLEY_RATE_IP_CONNECTIONS: '100000',
  PARLEY_RATE_SOCKET_EVENTS: '100000',
  PARLEY_RATE_IP_REQUESTS: '100000',
  // Open sockets per IP (256 by default): without this a run past 256 clients is refused, /metrics included.
  PARLEY_MAX_CONNECTIONS_PER_IP: '100000',
};

/** /metrics needs a token (issue 13); the benchmark's own. */
export const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** bench/bot/serve.ts (main.ts under its own name) as a child process, killed if the benchmark itself dies. */
export function spawnServer(env: NodeJS.ProcessEnv, nodeFlags: readonly string[] = []) {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'bench/bot/serve.ts'], {
    cwd: botAppDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return { child, killOnExit };
}

/** Starts the server and resolves once it prints its demo URL (the last thing main.ts does when ready). */
export async function startServer(options: ServerEnv, logFile: string, timeoutMs = 10 * 60_000): Promise<RunningServer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...BENCH_RATE_LIMITS,
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_DEMO: 'on',
    PARLEY_DATA_DIR: options.dataDir,
    PARLEY_METRICS_TOKEN: BENCH_METRICS_TOKEN,
    LOG_LEVEL: options.logLevel ?? 'warn',
  };
  // An inherited DATABASE_URL must not leak into a PGlite run.
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  const { child, killOnExit } = spawnServer(env, options.nodeFlags);

  const log = createWriteStream(logFile);
  const problems: LogProblem[] = [];
  child.stderr!.pipe(log, { end: false });
  let signal: string | null = null;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, killedBy) => {
      signal = killedBy;
      resolve(code);
    }),
  );

  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs / 1000} s; see ${logFile}`)), timeoutMs);
    void exited.then((code) => reject(new Error(`the server exited (code ${code}, signal ${signal}) before it was ready; see ${logFile}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log.write(`${line}\n`);
      if (line.startsWith('{')) noteProblem(line, problems);
      const ready = /Parley demo:\s+https?:\/\/[^:]+:(\d+)/.exec(line);
      if (ready) {
        clearTimeout(timer);
        // The printed host is "localhost", which may resolve to ::1 first; the server listens on 127.0.0.1 only.
        // main.ts installs its SIGTERM handler just after printing this; on a loaded machine a signal sent at
        // once can arrive before that and kill it without a clean shutdown. A short pause avoids the race.
        void sleep(500).then(() => resolve(`http://127.0.0.1:${ready[1]}`));
      }
    });
  });

  return {
    pid: child.pid!,
    baseUrl,
    problems,
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      process.off('exit', killOnExit);
      log.end();
      return code;
    },
  };
}

function noteProblem(line: string, problems: LogProblem[]): void {
  try {
    const record = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    // The cause, not just "event handler failed": that is what tells pool timeouts from bugs.
    const msg = record.err?.message ? `${record.msg}: ${record.err.message.slice(0, 120)}` : (record.msg ?? '');
    if ((record.level ?? 0) >= 50 && problems.length < 100_000) problems.push({ level: record.level!, msg });
  } catch {
    // Not a log record.
  }
}

// ── /proc sampling ─────────────────────────────────────────────────────────────────────────────────────────

export interface ProcMemory {
  rssMb: number;
  /** The kernel's high-water mark of RSS, which catches peaks between two samples. */
  hwmMb: number;
}

export function readMemory(pid: number): ProcMemory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds the process has used (all its threads: the encoder's worker included). */
export function readCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

export interface RssSample {
  at: number;
  rssMb: number;
  phase: string;
}

/** Samples the server's RSS every `everyMs`, tagging each sample with the benchmark's current phase. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  phase = 'idle';
  #timer: NodeJS.Timeout;
  #hwmMb = 0;

  constructor(
    private readonly pid: number,
    everyMs = 500,
  ) {
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), everyMs);
    this.#timer.unref();
  }

  #sample(): void {
    const memory = readMemory(this.pid);
    // A process that has exited (a zombie still has a status file, without memory lines) gives no sample.
    if (!memory || !Number.isFinite(memory.rssMb) || !Number.isFinite(memory.hwmMb)) return;
    this.#hwmMb = Math.max(this.#hwmMb, memory.hwmMb);
    this.samples.push({ at: performance.now(), rssMb: memory.rssMb, phase: this.phase });
  }

  stop(): { peakMb: number; hwmMb: number } {
    this.#sample();
    clearInterval(this.#timer);
    return { peakMb: Math.max(0, ...this.samples.map((s) => s.rssMb)), hwmMb: this.#hwmMb };
  }

  /** Median RSS of the samples taken in one phase. */
  median(phase: string): number {
    const values = this.samples
      .filter((s) => s.phase === phase)
      .map((s) => s.rssMb)
      .sort((a, b) => a - b);
    return values.length ? values[Math.floor(values.length / 2)]! : NaN;
  }
}
