import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benchSmoke } from './support/bench-smoke.ts';

test('bench:answers runs (smoke: a small training set, every 4th message) and ends with its JSON summary', async () => {
  const summary = await benchSmoke('bench/answers.bench.ts', '--smoke');
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
