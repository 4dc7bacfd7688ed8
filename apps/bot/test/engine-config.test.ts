import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SMALL_TALK_KINDS } from '@parley/model';
import { BotConfigError, DEFAULT_HANDOFF_INTENTS, DEFAULT_HANDOFF_PHRASES, parseBotConfig } from '../src/engine/bot-config.ts';

const issuesOf = (raw: unknown) => {
  try {
    parseBotConfig(raw);
  } catch (error) {
    assert.ok(error instanceof BotConfigError);
    return error.issues;
  }
  assert.fail('expected a BotConfigError');
};

test('an empty config gets every default', () => {
  const config = parseBotConfig({});
  assert.deepEqual(config.answers, {});
  assert.deepEqual(config.thresholds, {
    answerConfidence: 0.5,
    clarifyConfidence: 0.2,
    clarifyMargin: 0.25,
    negativeSentiment: 0.85,
    negativeLabels: ['negative', '0'],
    maxFailures: 2,
  });
  assert.deepEqual(config.builtins, { smallTalk: true, background: true });
  assert.deepEqual(Object.keys(config.smallTalk).sort(), SMALL_TALK_KINDS.map((kind) => `smalltalk.${kind}`).sort());
  assert.deepEqual(Object.keys(config.locales.zh.smallTalk).sort(), Object.keys(config.smallTalk).sort());
  for (const text of Object.values(config.locales.zh.texts)) assert.match(text, /\p{Script=Han}/u);
  assert.deepEqual(config.handoffIntents, DEFAULT_HANDOFF_INTENTS);
  assert.deepEqual(config.handoffPhrases, DEFAULT_HANDOFF_PHRASES);
  assert.deepEqual(config.intentDisplayNames, {});
  for (const text of Object.values(config.texts)) assert.ok(text.length > 0);
  assert.match(config.texts.clarify, /\{option1\}.*\{option2\}/);
});

test('defaults are not shared between parses, so mutating one bot config cannot leak into another', () => {
  const first = parseBotConfig({});
  first.handoffPhrases.push('manager');
  first.thresholds.negativeLabels.push('angry');
  const second = parseBotConfig({});
  assert.deepEqual(second.handoffPhrases, DEFAULT_HANDOFF_PHRASES);
  assert.deepEqual(second.thresholds.negativeLabels, ['negative', '0']);
});

test('partial sections keep the defaults of the fields they leave out', () => {
  const config = parseBotConfig({ thresholds: { answerConfidence: 0.7 }, texts: { fallback: 'Hmm?' } });
  assert.equal(config.thresholds.answerConfidence, 0.7);
  assert.equal(config.thresholds.clarifyConfidence, 0.2);
  assert.equal(config.texts.fallback, 'Hmm?');
  assert.equal(config.texts.handoff, parseBotConfig({}).texts.handoff);
});

test('a misspelt locale or built-in switch fails loudly', () => {
  assert.deepEqual(
    issuesOf({ locales: { fr: {} }, builtins: { smalltalk: false } }).map((i) => i.path),
    ['locales.fr', 'builtins.smalltalk'],
  );
});

test("a bot's handoff intents add to the defaults, without duplicates", () => {
  const config = parseBotConfig({ handoffIntents: ['complaint', 'human_agent'] });
  assert.deepEqual(config.handoffIntents, [...DEFAULT_HANDOFF_INTENTS, 'complaint']);
});

test("a bot's handoff phrases replace the defaults and are lower-cased", () => {
  assert.deepEqual(parseBotConfig({ handoffPhrases: ['Mensch', ' SUPERVISOR '] }).handoffPhrases, ['mensch', 'supervisor']);
});

test('answers keep their text and quick replies; other modules’ keys are left out', () => {
  const raw = {
    answers: { track_order: { text: 'Track it here.', quickReplies: [{ label: 'Refund?', value: 'refund' }] } },
    allowedOrigins: ['https://shop.example'],
  };
  const config = parseBotConfig(raw);
  assert.deepEqual(config.answers, raw.answers);
  assert.equal('allowedOrigins' in config, false);
});

test('a bad config lists the path of every problem', () => {
  const issues = issuesOf({
    answers: { refund: { text: '' }, track: { text: 'ok', quickReplies: [{ label: 'x' }] } },
    thresholds: { answerConfidence: 1.5, maxFailures: -1, answerConfidense: 0.7 },
    texts: { fallback: 42 },
    handoffIntents: 'human',
  });
  const paths = issues.map((i) => i.path).sort();
  assert.deepEqual(paths, [
    'answers.refund.text',
    'answers.track.quickReplies.0.value',
    'handoffIntents',
    'texts.fallback',
    'thresholds.answerConfidence',
    'thresholds.answerConfidense',
    'thresholds.maxFailures',
  ]);
  assert.equal(issues.find((i) => i.path === 'thresholds.answerConfidense')!.message, 'unknown key');
});

test('the error message names each path, so a log line alone is enough to fix the config', () => {
  assert.throws(
    () => parseBotConfig({ thresholds: { negativeSentiment: 'high' } }),
    (error: unknown) => error instanceof BotConfigError && /thresholds\.negativeSentiment: /.test(error.message),
  );
});

test('clarifyConfidence above answerConfidence is rejected at its own path', () => {
  const issues = issuesOf({ thresholds: { answerConfidence: 0.4, clarifyConfidence: 0.6 } });
  assert.deepEqual(issues, [{ path: 'thresholds.clarifyConfidence', message: 'must not exceed answerConfidence' }]);
});

test('a config that is not an object fails at the root', () => {
  for (const raw of [null, [], 'config', 3]) assert.equal(issuesOf(raw)[0]!.path, '(root)');
});
