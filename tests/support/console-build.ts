import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const CONSOLE_DIR = fileURLToPath(new URL('../../apps/console/', import.meta.url));

const newestChange = (dir: string): number =>
  Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newestChange(full) : statSync(full).mtimeMs;
    }),
  );

/**
 * Makes sure apps/console/dist is the build of the current sources: turbo builds it before `npm test`, but a test
 * run on its own (`npm test -w @parley/e2e`) after editing the console must not test a stale bundle.
 */
export async function buildConsole(): Promise<void> {
  const index = path.join(CONSOLE_DIR, 'dist', 'index.html');
  const sources = Math.max(newestChange(path.join(CONSOLE_DIR, 'src')), statSync(path.join(CONSOLE_DIR, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  await promisify(execFile)('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: CONSOLE_DIR });
}
