import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { tempDir } from './support/quiet.ts';

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tmp = tempDir('cli');
after(() => tmp.remove());

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI as a user would, with the encoder cache in the temp dir and stack traces off. */
function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PARLEY_CACHE_DIR: path.join(tmp.dir, 'cache'), ...env };
  if (!('PARLEY_DEBUG' in env)) delete childEnv.PARLEY_DEBUG;
  const child = spawn(process.execPath, ['bin/parley-model.mjs', ...args], { cwd: packageDir, env: childEnv });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function fixture(name: string, content: string): string {
  const file = path.join(tmp.dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

const jsonl = (rows: Array<[text: string, label: string]>) =>
  rows.map(([text, label]) => JSON.stringify({ text, label })).join('\n') + '\n';
const fill = (templates: string[], fillers: string[], label: string): Array<[string, string]> =>
  templates.flatMap((template) => fillers.map((filler): [string, string] => [template.replace('{}', filler), label]));

test('usage errors exit with 2 and say what is wrong', async () => {
  const none = await cli([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Usage: parley-model/);

  const noOut = await cli(['train', '--intent', 'x.jsonl']);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /required option '--out <dir>' not specified/);

  const badSeed = await cli(['train', '--intent', 'x.jsonl', '--out', 'o', '--seed', 'soon']);
  assert.equal(badSeed.code, 2);
  assert.match(badSeed.stderr, /--seed/);

  const badTask = await cli(['eval', '--model', 'm', '--test', 't.jsonl', '--task', 'topic']);
  assert.equal(badTask.code, 2);
  assert.match(badTask.stderr, /intent, sentiment/);

  const devAlone = await cli(['train', '--intent', 'x.jsonl', '--dev-sentiment', 'd.jsonl', '--out', 'o']);
  assert.equal(devAlone.code, 2);
  assert.match(devAlone.stderr, /--dev-sentiment needs --sentiment/);

  const help = await cli(['train', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--text-column/);
});

test('a bad data file fails with file:line on stderr, exit 1 and no stack trace unless PARLEY_DEBUG=1', async () => {
  const bad = fixture('bad.jsonl', '{"text": "hi", "label": "greet"}\n{"text": "where is my parcel"}\n');
  const out = path.join(tmp.dir, 'never');
  const result = await cli(['train', '--intent', bad, '--out', out, '--seed', '1']);
  assert.equal(result.code, 1);
  assert.ok(result.stderr.includes(`${bad}:2: "label" is missing`), result.stderr);
  assert.doesNotMatch(result.stderr, /^\s+at /m);
  assert.equal(result.stdout, '');

  const debug = await cli(['train', '--intent', bad, '--out', out], { PARLEY_DEBUG: '1' });
  assert.equal(debug.code, 1);
  assert.match(debug.stderr, /^\s+at /m);

  const badCsv = fixture('bad.csv', 'text,intent\nhello,greet\n');
  const csv = await cli(['eval', '--model', out, '--test', badCsv, '--json']);
  assert.equal(csv.code, 1);
  assert.ok(csv.stderr.includes(`${badCsv}:1: no "label" column (columns: text, intent)`), csv.stderr);
});

test('a dataset with a single label is refused before training', async () => {
  const one = fixture(
    'one-label.jsonl',
    jsonl([
      ['hi', 'greet'],
      ['hello', 'greet'],
    ]),
  );
  const result = await cli(['train', '--intent', one, '--out', path.join(tmp.dir, 'never')]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /needs at least two labels; every example is labelled "greet"/);
});

const intentTraining = [
  ...fill(
    [
      'I want a refund for my {}',
      'can I get my money back for the {}',
      'please refund the {} I bought',
      'how do I return the {} for a refund',
    ],
    ['shoes', 'jacket', 'headphones'],
    'refund',
  ),
  ...fill(
    ['where is my {} order', 'has my {} shipped yet', 'track the delivery of my {}', 'when will my {} arrive'],
    ['shoes', 'jacket', 'headphones'],
    'track_order',
  ),
  ...fill(
    ['cancel my order for the {}', 'I no longer want the {}, cancel it', 'please stop my {} order', 'I need to cancel the {} purchase'],
    ['shoes', 'jacket', 'headphones'],
    'cancel_order',
  ),
  ...fill(
    ['what time do you open on {}', 'are you open on {}', 'what are your opening hours on {}', 'when do you close on {}'],
    ['monday', 'saturday', 'sunday'],
    'opening_hours',
  ),
];

const intentTest: Array<[string, string]> = [
  ['I would like a refund for the laptop', 'refund'],
  ['give me my money back for this backpack', 'refund'],
  ['where is my laptop order', 'track_order'],
  ['has the backpack been shipped', 'track_order'],
  ['when does my laptop arrive', 'track_order'],
  ['cancel the laptop order', 'cancel_order'],
  ['I changed my mind, please cancel my backpack order', 'cancel_order'],
  ['are you open on friday', 'opening_hours'],
  ['what are your hours on friday', 'opening_hours'],
  ['what time do you close on tuesday', 'opening_hours'],
];

const sentimentCsv = [
  'text,label',
  ...fill(
    [
      'I love the {}',
      'the {} is fantastic',
      '"great {}, thank you so much"',
      'really happy with the {}',
      '"excellent {}, highly recommend"',
    ],
    ['service', 'support', 'product', 'delivery'],
    'positive',
  ),
  ...fill(
    ['I hate the {}', 'the {} is terrible', '"awful {}, very disappointed"', 'really unhappy with the {}', '"worst {} ever, never again"'],
    ['service', 'support', 'product', 'delivery'],
    'negative',
  ),
].map((row) => (typeof row === 'string' ? row : row.join(',')));

test('end to end: train, eval --json and classify', { timeout: 120_000 }, async () => {
  const intents = fixture('e2e/intents.jsonl', jsonl(intentTraining));
  const sentiment = fixture('e2e/sentiment.csv', sentimentCsv.join('\n') + '\n');
  const heldOut = fixture('e2e/test.jsonl', jsonl(intentTest));
  const modelDir = path.join(tmp.dir, 'e2e', 'model');

  const trained = await cli(['train', '--intent', intents, '--sentiment', sentiment, '--out', modelDir, '--seed', '1']);
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stdout, /^model \S+ written to /);
  assert.match(trained.stdout, /intent: 4 labels, validation accuracy/);
  assert.match(trained.stdout, /sentiment: 2 labels, validation accuracy/);

  const again = await cli(['train', '--intent', intents, '--out', modelDir]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already exists/);

  const evaluated = await cli(['eval', '--model', modelDir, '--test', heldOut, '--json']);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  const lines = evaluated.stdout.trim().split('\n');
  assert.equal(lines.length, 1, evaluated.stdout);
  const report = JSON.parse(lines[0]!) as Record<string, unknown>;
  for (const key of ['accuracy', 'macroF1', 'ece']) assert.equal(typeof report[key], 'number', key);
  assert.ok((report.accuracy as number) >= 0.75, `accuracy ${String(report.accuracy)}`);

  const table = await cli(['eval', '--model', modelDir, '--test', heldOut]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^accuracy\s+\d+\.\d%$/m);
  assert.match(table.stdout, /^macro-F1\s+\d\.\d{3}$/m);

  const texts = ['I want my money back for the phone', 'great support, thanks a lot'];
  const classified = await cli(['classify', '--model', modelDir, ...texts]);
  assert.equal(classified.code, 0, classified.stderr);
  const results = classified.stdout
    .trim()
    .split('\n')
    .map(
      (line) =>
        JSON.parse(line) as { text: string; language: string; intent: { label: string } | null; sentiment: { label: string } | null },
    );
  assert.deepEqual(
    results.map((r) => r.text),
    texts,
  );
  for (const result of results) {
    assert.equal(result.language, 'en');
    assert.ok(['refund', 'track_order', 'cancel_order', 'opening_hours'].includes(result.intent?.label ?? ''), JSON.stringify(result));
    assert.ok(['positive', 'negative'].includes(result.sentiment?.label ?? ''), JSON.stringify(result));
  }
});
