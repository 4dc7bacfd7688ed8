import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export interface BotProcess {
  url: string;
  pid: number;
  /** SIGTERM, as a deploy would; resolves once the process has exited. */
  stop(): Promise<void>;
  /** Sends `signal` (a crash: SIGKILL) and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A free TCP port on loopback, so a restarted server can come back on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `apps/bot/src/main.ts` as its own process (as `npm start` runs it), resolved once /healthz answers. */
export async function startBotProcess(options: {
  databaseUrl: string;
  port: number;
  /** Set last, over the defaults below (REDIS_URL, a shared PARLEY_DATA_DIR, raised rate limits…). */
  env?: NodeJS.ProcessEnv;
}): Promise<BotProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/bot/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      PARLEY_DEMO: 'off',
      PARLEY_ENCODER_WORKER: 'off',
      PARLEY_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'parley-e2e-data-')),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bot server exited with ${child.exitCode}:\n${stderr}`);
    const healthy = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the bot server did not answer /healthz within ${READY_TIMEOUT_MS} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
