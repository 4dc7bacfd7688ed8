import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));

test('bench:answers runs (smoke: a small training set, every 4th message) and ends with its JSON summary', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/answers.bench.ts', '--smoke'], {
    cwd: appDir,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 300_000,
  });
  const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  for (const key of [
    'enCorrect',
    'enWrong',
    'zhCorrect',
    'zhWrong',
    'oosNotAnswered',
    'smallTalkHandled',
    'gibberishHandoff',
    'gibberishWrong',
    'sentiment',
  ])
    assert.equal(typeof summary[key], 'number', key);
  assert.equal(summary['smoke'], true);
  assert.equal(summary['messages'], 148);
  // Even a few examples per intent, with the built-ins, must answer small talk and keep gibberish from a person.
  assert.ok((summary['smallTalkHandled'] as number) >= 70, `small talk ${summary['smallTalkHandled']}`);
  assert.equal(summary['gibberishHandoff'], 0);
});
