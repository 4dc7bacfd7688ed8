/** The pure parts of LLM answering: settings, the prompt, data quoting, citations, links and the marker gate. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildAnswerMessages,
  citationsFor,
  citedPassageNumbers,
  httpLinkOrNull,
  LlmSettingsError,
  NOT_IN_SOURCES,
  parseLlmSettings,
  type AnswerPassage,
} from '../src/knowledge/llm/index.ts';
import { createMarkerGate } from '../src/knowledge/llm/not-in-sources.ts';
import { neutraliseTags } from '../src/knowledge/llm/quoted-data.ts';

const passage = (documentId: string, overrides: Partial<AnswerPassage> = {}): AnswerPassage => ({
  documentId,
  title: documentId,
  url: null,
  text: `Text of ${documentId}.`,
  score: 1,
  ...overrides,
});

const issuesOf = (raw: unknown): string[] => {
  try {
    parseLlmSettings(raw);
  } catch (error) {
    assert.ok(error instanceof LlmSettingsError);
    return error.issues.map((issue) => issue.path);
  }
  assert.fail('expected an LlmSettingsError');
};

test('LLM settings need a base URL, a key and a model, and default the rest', () => {
  assert.deepEqual(parseLlmSettings({ baseUrl: 'http://localhost:11434/v1', apiKey: 'ollama', model: 'qwen2.5:7b' }), {
    baseUrl: 'http://localhost:11434/v1',
    apiKey: 'ollama',
    model: 'qwen2.5:7b',
    timeoutMs: 20_000,
    maxOutputTokens: 800,
    temperature: 0.2,
    maxRetries: 1,
    redactPii: true,
  });
  assert.deepEqual(issuesOf({}).sort(), ['apiKey', 'baseUrl', 'model']);
});

test('LLM settings refuse non-http base URLs, out-of-range numbers and misspelt keys', () => {
  const valid = { baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-x', model: 'deepseek-chat' };
  assert.deepEqual(issuesOf({ ...valid, baseUrl: 'file:///etc/passwd' }), ['baseUrl']);
  assert.deepEqual(issuesOf({ ...valid, baseUrl: 'not a url' }), ['baseUrl']);
  assert.deepEqual(issuesOf({ ...valid, timeoutMs: 0 }), ['timeoutMs']);
  assert.deepEqual(issuesOf({ ...valid, temperature: 3 }), ['temperature']);
  assert.deepEqual(issuesOf({ ...valid, maxOutputTokens: 1.5 }), ['maxOutputTokens']);
  assert.deepEqual(issuesOf({ ...valid, redactPii: 'no' }), ['redactPii']);
  assert.deepEqual(issuesOf({ ...valid, temprature: 0.5 }), ['(root)']);
  assert.throws(() => parseLlmSettings({ ...valid, apiKey: '' }), /apiKey: must not be empty/);
});

test('the system message holds the rules and the marker; the user message quotes passages in order, then the question', () => {
  const [system, user] = buildAnswerMessages('  Where is my parcel?  ', [
    passage('a', { title: 'Shipping\ntimes', text: 'Ships in 2 days.' }),
    passage('b', { text: 'Free returns.' }),
  ]);
  assert.equal(system!.role, 'system');
  for (const rule of [/only the numbered passages/, /language of the customer's question/, /\[1\]/, /never an instruction/]) {
    assert.match(system!.content, rule);
  }
  assert.ok(system!.content.includes(`reply with exactly ${NOT_IN_SOURCES} and nothing else`));
  assert.equal(user!.role, 'user');
  assert.equal(
    user!.content,
    [
      '<passage number="1">\nTitle: Shipping times\n\nShips in 2 days.\n</passage>',
      '<passage number="2">\nTitle: b\n\nFree returns.\n</passage>',
      '<question>\nWhere is my parcel?\n</question>',
      "Answer the customer's question above from the passages, following the rules.",
    ].join('\n\n'),
  );
});

test('our tags inside data lose their bracket, however they are spelt; other markup is left alone', () => {
  assert.equal(neutraliseTags('a</passage>b'), 'a‹/passage>b');
  assert.equal(neutraliseTags('< / PASSAGE number="2">'), '‹ / PASSAGE number="2">');
  assert.equal(neutraliseTags('＜/question＞ and ﹤question>'), '‹/question＞ and ‹question>');
  assert.equal(neutraliseTags('<b>1 < 2</b> <passages> <questionnaire>'), '<b>1 < 2</b> <passages> <questionnaire>');
});

test('cited numbers come in order of first mention, in any bracket style, and only for passages that exist', () => {
  assert.deepEqual(citedPassageNumbers('A [2]. B [1][2]. C [1, 3]. D 【4】 E ［2］ F [5] G [0]', 4), [2, 1, 3, 4]);
  assert.deepEqual(citedPassageNumbers('退货期为30天【1、2】。', 2), [1, 2]);
  assert.deepEqual(citedPassageNumbers('No citation here, just 30 days and [a link](x).', 3), []);
});

test('citations map numbers to their passages and keep only http(s) links', () => {
  const passages = [
    passage('a', { url: 'https://shop.example/a?x=1' }),
    passage('b', { url: 'javascript:alert(document.cookie)' }),
    passage('c', { url: 'data:text/html;base64,PHNjcmlwdD4=' }),
    passage('d', { url: 'HTTP://Shop.Example/d' }),
  ];
  assert.deepEqual(citationsFor([4, 2, 1, 3], passages), [
    { number: 4, documentId: 'd', title: 'd', url: 'http://shop.example/d' },
    { number: 2, documentId: 'b', title: 'b', url: null },
    { number: 1, documentId: 'a', title: 'a', url: 'https://shop.example/a?x=1' },
    { number: 3, documentId: 'c', title: 'c', url: null },
  ]);
});

test('only absolute http(s) URLs count as links', () => {
  for (const url of [
    ' javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'vbscript:x',
    'file:///etc/passwd',
    'ftp://x.example',
    '/returns',
    'mailto:a@b.c',
    '',
  ]) {
    assert.equal(httpLinkOrNull(url), null, url);
  }
  assert.equal(httpLinkOrNull(null), null);
  assert.equal(httpLinkOrNull('https://例子.中国/退货'), 'https://xn--fsqu00a.xn--fiqs8s/%E9%80%80%E8%B4%A7');
});

test('the marker gate holds back a reply that opens with the marker, and passes everything else on', () => {
  const run = (tokens: string[]): string[] => {
    const emitted: string[] = [];
    const gate = createMarkerGate((token) => emitted.push(token));
    for (const token of tokens) gate.push(token);
    gate.end();
    return emitted;
  };
  assert.deepEqual(run(['NOT', '_IN_', 'SOURCES']), []);
  assert.deepEqual(run(['\n', 'not_in_sources', '.']), []);
  assert.deepEqual(run(['NOT_IN_SOURCES', ' (the passages do not say)']), []);
  assert.deepEqual(run(['Ships', ' in 2 days.']), ['Ships', ' in 2 days.']);
  assert.deepEqual(run(['NO', 'PE, ', 'sorry']), ['NOPE, ', 'sorry']);
  // A reply that stops while it still looks like the start of the marker is an answer after all.
  assert.deepEqual(run(['No']), ['No']);
});
