import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { DatasetError, readExamples } from '../src/data/read-examples.ts';
import { tempDir } from './support/quiet.ts';

const tmp = tempDir('read-examples');
after(() => tmp.remove());

/** Writes a fixture and returns its path. */
function fixture(name: string, content: string | Buffer): string {
  const file = path.join(tmp.dir, name);
  writeFileSync(file, content);
  return file;
}

/** Asserts reading fails with a DatasetError whose message is `<file>:<line>: <problem matching pattern>`. */
async function assertDatasetError(file: string, line: number | undefined, problem: RegExp): Promise<void> {
  await assert.rejects(readExamples(file), (error: unknown) => {
    assert.ok(error instanceof DatasetError, String(error));
    assert.equal(error.file, file);
    assert.equal(error.line, line);
    const where = line === undefined ? `${file}: ` : `${file}:${line}: `;
    assert.ok(error.message.startsWith(where), `${error.message} should start with ${where}`);
    assert.match(error.message.slice(where.length), problem);
    return true;
  });
}

test('JSONL: one object per line, blank lines skipped, text trimmed, numeric labels become strings', async () => {
  const file = fixture(
    'ok.jsonl',
    ['{"text": "  I lost my card ", "label": "lost_card"}', '', '   ', '{"text": "great service", "label": 1, "extra": true}', ''].join(
      '\n',
    ),
  );
  const { examples, warnings } = await readExamples(file);
  assert.deepEqual(examples, [
    { text: 'I lost my card', label: 'lost_card' },
    { text: 'great service', label: '1' },
  ]);
  assert.deepEqual(warnings, []);
});

test('JSONL: CRLF line endings and a UTF-8 BOM are accepted, and the key names are configurable', async () => {
  const file = fixture('crlf.jsonl', '\uFEFF{"utterance": "退款", "intent": "refund"}\r\n{"utterance": "hello", "intent": "greet"}\r\n');
  const { examples } = await readExamples(file, { textColumn: 'utterance', labelColumn: 'intent' });
  assert.deepEqual(examples, [
    { text: '退款', label: 'refund' },
    { text: 'hello', label: 'greet' },
  ]);
});

test('CSV: quoted fields with commas, quotes and newlines; numeric labels are strings', async () => {
  const file = fixture(
    'ok.csv',
    ['id,text,label', '1,"Hello, world",greet', '', '2,"a ""quoted""', 'multi-line text",0', '3,plain,5'].join('\n') + '\n',
  );
  const { examples, warnings } = await readExamples(file);
  assert.deepEqual(examples, [
    { text: 'Hello, world', label: 'greet' },
    { text: 'a "quoted"\nmulti-line text', label: '0' },
    { text: 'plain', label: '5' },
  ]);
  assert.deepEqual(warnings, []);
});

test('CSV: configurable columns, and a repeated column name is a warning', async () => {
  const file = fixture('columns.csv', 'utterance,intent,intent\nhi there,greet,x\nbye,farewell,y\n');
  const { examples, warnings } = await readExamples(file, { textColumn: 'utterance', labelColumn: 'intent' });
  assert.deepEqual(examples, [
    { text: 'hi there', label: 'greet' },
    { text: 'bye', label: 'farewell' },
  ]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /columns\.csv:1: column "intent" appears more than once/);
});

test('JSONL: a line that is not JSON names the line and the parser message', async () => {
  const file = fixture('bad-json.jsonl', '{"text": "a", "label": "x"}\n{"text": "b", "label": "y"}\n{"text": "c", label: "z"}\n');
  await assertDatasetError(file, 3, /^not valid JSON \(.+\)$/);
});

test('JSONL: missing and mistyped fields are named', async () => {
  await assertDatasetError(fixture('no-label.jsonl', '{"text": "a", "label": "x"}\n\n{"text": "b"}\n'), 3, /^"label" is missing$/);
  await assertDatasetError(fixture('no-text.jsonl', '{"label": "x"}\n'), 1, /^"text" is missing$/);
  await assertDatasetError(
    fixture('bool-label.jsonl', '{"text": "a", "label": true}\n'),
    1,
    /^"label" must be a string or a number, not boolean$/,
  );
  await assertDatasetError(fixture('null-text.jsonl', '{"text": null, "label": "x"}\n'), 1, /^"text" must be a string, not null$/);
  await assertDatasetError(fixture('array.jsonl', '["a", "x"]\n'), 1, /^not a JSON object$/);
});

test('CSV: a missing column is reported on the header line with the columns found', async () => {
  const file = fixture('no-label.csv', 'text,intent\nhello,greet\n');
  await assertDatasetError(file, 1, /^no "label" column \(columns: text, intent\)$/);
});

test('CSV: malformed rows name the line', async () => {
  await assertDatasetError(fixture('ragged.csv', 'text,label\na,x\nb,y,extra\n'), 3, /^not valid CSV \(.*\)$/);
});

test('empty text or label after trimming is an error on its line, also when a record spans lines', async () => {
  await assertDatasetError(fixture('empty-text.jsonl', '{"text": "a", "label": "x"}\n{"text": "   ", "label": "x"}\n'), 2, /^empty text$/);
  await assertDatasetError(fixture('empty-text.csv', 'text,label\n"multi\nline",x\n" ",y\n'), 4, /^empty text$/);
  await assertDatasetError(fixture('empty-label.csv', 'text,label\n"multi\nline",\n'), 2, /^empty label$/);
});

test('invalid UTF-8 names the line of the first bad byte sequence', async () => {
  const bytes = Buffer.concat([
    Buffer.from('{"text": "ok", "label": "x"}\n{"text": "caf\u00e9", "label": "x"}\n{"text": "bad '),
    Buffer.from([0xc3, 0x28]), // a lead byte followed by a non-continuation byte
    Buffer.from('", "label": "y"}\n{"text": "also bad \xff", "label": "y"}\n', 'latin1'),
  ]);
  await assertDatasetError(fixture('latin1.jsonl', bytes), 3, /^not valid UTF-8/);
  await assertDatasetError(
    fixture('latin1.csv', Buffer.concat([Buffer.from('text,label\n'), Buffer.from([0xff]), Buffer.from(',x\n')])),
    2,
    /UTF-8/,
  );
});

test('a file without examples is an error', async () => {
  await assertDatasetError(fixture('empty.jsonl', ''), undefined, /^the file is empty$/);
  await assertDatasetError(fixture('blank.jsonl', '\n  \n\n'), undefined, /^the file is empty$/);
  await assertDatasetError(fixture('header-only.csv', 'text,label\n'), undefined, /^no examples in the file$/);
  await assertDatasetError(fixture('empty.csv', ''), undefined, /^the file is empty$/);
});

test('an unknown extension or a missing file is a clear error', async () => {
  await assertDatasetError(
    fixture('data.txt', 'hello\tgreet\n'),
    undefined,
    /^unsupported file type "\.txt" \(expected \.jsonl or \.csv\)$/,
  );
  await assertDatasetError(path.join(tmp.dir, 'missing.jsonl'), undefined, /^cannot read \(no such file\)$/);
});
