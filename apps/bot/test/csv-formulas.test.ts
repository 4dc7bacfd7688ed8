import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { escapeCsvFormula, unescapeCsvFormula } from '../src/domain/csv-formulas.ts';
import { formatExamples, parseExampleFile } from '../src/domain/example-files.ts';
import { examplesPageSchema } from '@parley/protocol';
import { forEachEngine } from './support/engines.ts';
import { call, download, startTwoWorkspaces, type ApiHarness, type SeededWorkspace } from './support/api-harness.ts';

/** What a spreadsheet runs as a formula (or DDE command) when a cell starts with it. */
const LIVE_FORMULA = /^[=+\-@\t\r]/;

// Customer texts that a spreadsheet would run, texts that already look escaped, and ones that only start with a quote.
const HOSTILE = [
  '=HYPERLINK("http://x","y")',
  "=cmd|' /C calc'!A0",
  '+1+1',
  '-2+3 degrees, "cold"',
  '@SUM(A1:A2)',
  "'=already quoted",
  "''+two quotes",
  "'tis the season",
  'plain, 我的订单在哪里？',
];

/** Every cell of a CSV file as a spreadsheet would read it: no unescaping. */
const rawCells = (csv: string) => (parse(csv, { bom: true }) as string[][]).flat();

describe('CSV formula escaping', () => {
  test('cells starting with = + - @ tab or CR get a leading quote, and unescaping gives back every text exactly', () => {
    const texts = [...HOSTILE, '\t=tab', '\r=cr', "'\t'", "'", "''", '', '-', 'a=b'];
    for (const text of texts) {
      const cell = escapeCsvFormula(text);
      assert.doesNotMatch(cell, LIVE_FORMULA, JSON.stringify(text));
      assert.equal(unescapeCsvFormula(cell), text, JSON.stringify(text));
    }
    assert.equal(escapeCsvFormula('=1+1'), "'=1+1");
    assert.equal(escapeCsvFormula("'tis"), "'tis");
    assert.equal(unescapeCsvFormula("'tis"), "'tis", 'a hand-written quote before a letter is text, not escaping');
  });

  test('the example file writer escapes every cell, and its reader undoes it', () => {
    const lines = ['\tleading tab', '\r=carriage return', ...HOSTILE].map((text) => ({ text, label: '-label', split: 'train' as const }));
    const csv = formatExamples(lines, 'csv');
    for (const cell of rawCells(csv)) assert.doesNotMatch(cell, LIVE_FORMULA, JSON.stringify(cell));
    // Stored texts are trimmed (so never start with a tab), and an import trims them the same way.
    assert.deepEqual(
      parseExampleFile(csv, 'csv'),
      lines.map((line) => ({ ...line, text: line.text.trim() })),
    );
  });
});

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let globex: SeededWorkspace;
  let tokens: { admin: string; agent: string; outsider: string };

  before(async () => {
    ({ api, acme, globex, tokens } = await startTwoWorkspaces(await engine.migrated()));
  });
  after(() => api?.close());

  const url = (path: string, bot = acme.bot.id) => `${api.base}/bots/${bot}${path}`;
  const examples = async (bot: string, token: string) =>
    examplesPageSchema
      .parse((await call(url('/examples?limit=500', bot), { token })).body)
      .examples.map(({ text, label, split }) => ({ text, label, split }))
      .sort((a, b) => a.text.localeCompare(b.text));

  test('exported CSV holds no live formula cell, and imports back to the same texts, labels and splits', async () => {
    for (const [i, text] of HOSTILE.entries()) {
      const label = i % 2 ? '=label' : 'track_order';
      const created = await call(url('/examples'), { token: tokens.admin, body: { task: 'intent', text, label, split: 'train' } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    const exported = await download(url('/examples/export?task=intent&format=csv'), tokens.agent);
    assert.equal(exported.status, 200);
    assert.ok(exported.text.includes(`"'=HYPERLINK(""http://x"",""y"")"`), exported.text);
    for (const cell of rawCells(exported.text)) assert.doesNotMatch(cell, LIVE_FORMULA, JSON.stringify(cell));

    const imported = await call(url('/examples/import', globex.bot.id), {
      token: tokens.outsider,
      body: { task: 'intent', format: 'csv', mode: 'replace', content: exported.text },
    });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.deepEqual(await examples(globex.bot.id, tokens.outsider), await examples(acme.bot.id, tokens.agent));
    const again = await download(url('/examples/export?task=intent&format=csv', globex.bot.id), tokens.outsider);
    assert.equal(again.text, exported.text);
  });
});
