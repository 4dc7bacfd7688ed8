import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const appDir = fileURLToPath(new URL('../..', import.meta.url));

/** Runs a benchmark of apps/bot (e.g. 'bench/bot.bench.ts') with its smoke flag, and parses its last line: the summary JSON. */
export async function benchSmoke<Summary = Record<string, unknown>>(script: string, flag: '--quick' | '--smoke'): Promise<Summary> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, flag], {
    cwd: appDir,
    maxBuffer: 16 * 1024 * 1024,
    // A bench that hangs fails the suite instead of holding it.
    timeout: 300_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Summary;
}
