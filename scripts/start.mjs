#!/usr/bin/env node
// `npm start`: runs the bot server's built JavaScript (apps/bot/dist/main.js) with plain node.
//
// In a checkout with dev dependencies, the server and the console are built first (turbo: a cache hit when nothing
// changed, a full build on a fresh clone). In a deployment installed with `npm ci --omit=dev` there is no turbo or
// TypeScript: the build must have happened before, and it is only checked to be there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const server = new URL('../apps/bot/dist/main.js', import.meta.url);
const consolePage = new URL('../apps/console/dist/index.html', import.meta.url);

function turboBin() {
  try {
    return createRequire(import.meta.url).resolve('turbo/bin/turbo');
  } catch {
    return undefined;
  }
}

const turbo = turboBin();
if (turbo && process.env.PARLEY_SKIP_BUILD !== '1') {
  const args = ['run', 'build', '--filter=@parley/bot', '--filter=@parley/console', '--output-logs=errors-only'];
  const built = spawnSync(process.execPath, [turbo, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
} else if (!existsSync(server) || !existsSync(consolePage)) {
  console.error(
    'The bot server is not built (apps/bot/dist/main.js or apps/console/dist/ is missing), and there are no dev ' +
      'dependencies to build it with: run `npm install && npm run build` before `npm ci --omit=dev`.',
  );
  process.exit(1);
}

await import(server.href);
