/**
 * The server under attack, as its own OS process (so its RSS is its own), on a data dir that already holds a bot
 * with a live model and a known API key: training one on every run would take minutes.
 *
 * - `demo`: a copy of bench:bot's trained demo data dir (bench/bot/data-template.ts, cached under
 *   ~/.cache/parley and keyed by migrations, demo data and model code, so the two benches train it once between
 *   them), started with PARLEY_DEMO=on and a fixed PARLEY_DEMO_API_KEY, which the demo adds to its bot on start.
 * - `tiny`: a fresh PGlite seeded here with the tests' tiny model (test/support/tiny-model.ts, trained once per
 *   machine) and the same key, started with PARLEY_DEMO=off: seconds, for the smoke run in `npm test`.
 */
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApiKey } from '../../src/db/api-key-store.ts';
import { createBot, createWorkspace } from '../../src/db/bot-store.ts';
import { addModelVersion, promoteModelVersion } from '../../src/db/model-version-store.ts';
import { openDatabase } from '../../src/db/open-database.ts';
import { TEST_BOT_CONFIG } from '../../test/support/bot-harness.ts';
import { silentLogger } from '../../test/support/logger.ts';
import { tinyModelDir } from '../../test/support/tiny-model.ts';
import { preparePglite } from '../bot/data-template.ts';
import { spawnServer } from '../bot/server-process.ts';

/** The bench's API key; any value of 16+ characters works, fixed so a run is reproducible. */
export const BENCH_API_KEY = 'sk_bench_abuse_0123456789abcdef';

export interface PreparedDataDir {
  dataDir: string;
  /** PARLEY_DEMO for the server. */
  demo: 'on' | 'off';
  templateBuiltS?: number;
}

export async function prepareDataDir(
  model: 'demo' | 'tiny',
  workDir: string,
  rebuildTemplate: boolean,
  log: (line: string) => void,
): Promise<PreparedDataDir> {
  if (model === 'demo') {
    const data = await preparePglite(workDir, rebuildTemplate, log);
    return {
      dataDir: data.dataDir,
      demo: 'on',
      ...(data.templateBuiltMs !== undefined && { templateBuiltS: Math.round(data.templateBuiltMs / 1000) }),
    };
  }
  const dataDir = path.join(workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const db = await openDatabase({ dataDir, logger: silentLogger() });
  try {
    const workspaceId = await createWorkspace(db, 'Abuse bench');
    const bot = await createBot(db, { workspaceId, name: 'Abuse bench', publicKey: 'pk_bench_abuse_widget', config: TEST_BOT_CONFIG });
    const tiny = await tinyModelDir();
    await addModelVersion(db, { botId: bot.id, version: tiny.version, artifactDir: tiny.dir });
    await promoteModelVersion(db, { botId: bot.id, version: tiny.version });
    await createApiKey(db, { botId: bot.id, key: BENCH_API_KEY, label: 'bench:abuse' });
  } finally {
    await db.close();
  }
  return { dataDir, demo: 'off' };
}

export interface ServerProcess {
  pid: number;
  baseUrl: string;
  /** Set once the process has exited: a crash mid-attack is a result, not a bench failure. */
  exit: { code: number | null; signal: string | null } | undefined;
  stop(): Promise<void>;
  logTail(): string;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/**
 * `node --import tsx bench/bot/serve.ts` (main.ts under a name no one else's `pkill -f src/main.ts` matches), so
 * the pid is the server's own. The inherited environment's rate limits are dropped: the server runs with the
 * defaults, as the probe found it. Resolves once /healthz answers.
 */
export async function startServer(prepared: PreparedDataDir, logFile: string, timeoutMs = 180_000): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('PARLEY_') && name !== 'DATABASE_URL'),
  );
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    PARLEY_DATA_DIR: prepared.dataDir,
    PARLEY_DEMO: prepared.demo,
    PARLEY_DEMO_API_KEY: BENCH_API_KEY,
    LOG_LEVEL: 'warn',
  });
  const { child, killOnExit } = spawnServer(env);
  const log = createWriteStream(logFile);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const server: ServerProcess = {
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${port}`,
    exit: undefined,
    async stop() {
      if (!server.exit) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(killer);
      }
      process.off('exit', killOnExit);
      log.end();
    },
    logTail: () => {
      try {
        return readFileSync(logFile, 'utf8').slice(-4_000);
      } catch {
        return '';
      }
    },
  };
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      server.exit = { code, signal };
      resolve();
    }),
  );

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exit) throw new Error(`the server exited (${JSON.stringify(server.exit)}) before it was ready:\n${server.logTail()}`);
    const healthy = await fetch(`${server.baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`the server did not answer /healthz within ${timeoutMs / 1000} s:\n${server.logTail()}`);
    }
    await sleep(200);
  }
}
