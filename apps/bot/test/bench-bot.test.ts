import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));

test(
  'bench:bot runs (--quick: 20 clients, a small demo bot, beside the echo server) and ends with its JSON summary',
  { timeout: 300_000 },
  async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/bot.bench.ts', '--quick'], {
      cwd: appDir,
      maxBuffer: 16 * 1024 * 1024,
    });
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number | boolean>;
    assert.equal(summary['quick'], true);
    assert.equal(summary['clients'], 20);
    for (const key of ['msgPerSec', 'p50Ms', 'p99Ms', 'rssMb', 'echoMsgPerSec', 'echoRatio'])
      assert.ok(typeof summary[key] === 'number' && (summary[key] as number) > 0, `${key}: ${String(summary[key])}`);
    assert.equal(summary['lost'], 0);
    assert.equal(summary['duplicated'], 0);
    assert.equal(summary['errors'], 0);
  },
);
