import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  createEncoder,
  createModel,
  gibberish,
  withBuiltinIntents,
  withBuiltinSentiment,
  type Encoder,
  type ModelArtifact,
} from '../src/index.ts';
import { backgroundExamples, backgroundProbe, smallTalkExamples, smallTalkReplies, SMALL_TALK_KINDS } from '../src/builtin/builtin-data.ts';
import { train } from '../src/classifier/train.ts';
import { chineseIntents, englishIntents } from './fixtures/tiny-domain.ts';
import { silentLogger, tempDir } from './support/quiet.ts';

const work = tempDir('builtins');
const own = [...englishIntents, ...chineseIntents];
let encoder: Encoder;
let first: ModelArtifact;
let corrected: ModelArtifact;

before(async () => {
  encoder = await createEncoder({ kind: 'use-lite', cacheDir: work.dir }, silentLogger());
  first = await train({ intents: withBuiltinIntents(own) }, { encoder, seed: 3, logger: silentLogger() });
  // One correction, as an operator makes them: a customer's message labelled and added.
  corrected = await train(
    { intents: withBuiltinIntents([...own, { text: 'where is my refund??', label: 'refund' }]) },
    { encoder, seed: 3, logger: silentLogger() },
  );
});
after(async () => {
  await encoder.close();
  work.remove();
});

test('the built-in data: every small-talk kind in both languages with a reply, background and probe disjoint', () => {
  const talk = smallTalkExamples();
  for (const kind of SMALL_TALK_KINDS) {
    assert.ok(talk.filter((e) => e.label === `smalltalk.${kind}` && /\p{Script=Han}/u.test(e.text)).length >= 20, `${kind} zh`);
    assert.ok(talk.filter((e) => e.label === `smalltalk.${kind}` && !/\p{Script=Han}/u.test(e.text)).length >= 20, `${kind} en`);
    for (const language of ['en', 'zh'] as const) assert.ok(smallTalkReplies()[language][`smalltalk.${kind}`], `${kind} reply ${language}`);
  }
  const background = new Set(backgroundExamples().map((e) => e.text));
  assert.ok(background.size > 1000);
  assert.ok(backgroundExamples().every((e) => e.label === 'oos'));
  assert.equal(backgroundProbe().filter((e) => background.has(e.text)).length, 0);
});

test('withBuiltinIntents adds small talk, background and gibberish, frames some examples, and lets the bot’s own examples win', () => {
  const mine = [{ text: 'hi', label: 'greet_customer' }, ...own];
  const all = withBuiltinIntents(mine, { seed: 2 });
  assert.equal(all.filter((e) => e.text === 'hi').length, 1);
  assert.equal(all.find((e) => e.text === 'hi')!.label, 'greet_customer');
  const framed = all.filter((e) => !own.some((o) => o.text === e.text) && own.some((o) => e.text.includes(o.text) && o.label === e.label));
  assert.ok(framed.length >= own.length * 0.1, `${framed.length} framed`);
  assert.ok(all.some((e) => e.label === 'oos' && gibberish(200, 2).includes(e.text)));
  assert.deepEqual(withBuiltinIntents(own, { smallTalk: false, background: false }), own);
  assert.equal(new Set(all.map((e) => e.text)).size, all.length);
});

test('withBuiltinSentiment reads gibberish as neutral and thanks as positive, for three-way labels only', () => {
  const three = [
    { text: 'great', label: 'positive' },
    { text: 'meh', label: 'neutral' },
    { text: 'awful', label: 'negative' },
  ];
  const all = withBuiltinSentiment(three);
  assert.ok(all.length > 300);
  assert.equal(all.find((e) => e.text === 'thanks')?.label, 'positive');
  assert.equal(all.find((e) => e.text === 'hello')?.label, 'neutral');
  const binary = [
    { text: 'great', label: '1' },
    { text: 'awful', label: '0' },
  ];
  assert.deepEqual(withBuiltinSentiment(binary), binary);
});

test('a model trained with the built-ins handles small talk, gibberish and other domains, and small talk never hides a request', async () => {
  const model = await createModel(first, encoder);
  const texts = [
    'hi',
    'thanks so much!',
    '你好',
    'asdkjh qwpoe zzz',
    "what's the weather in Paris tomorrow",
    'hi, I want to cancel my order',
    'where is my parcel, thanks',
  ];
  const [hi, thanks, nihao, mash, weather, cancel, parcel] = await model.classify(texts);
  assert.equal(hi!.intent!.label, 'smalltalk.greeting');
  assert.equal(thanks!.intent!.label, 'smalltalk.thanks');
  assert.equal(nihao!.intent!.label, 'smalltalk.greeting');
  assert.ok(mash!.intent!.outOfScope, JSON.stringify(mash!.intent));
  assert.ok(weather!.intent!.outOfScope, JSON.stringify(weather!.intent));
  assert.equal(cancel!.intent!.label, 'cancel_order');
  assert.equal(parcel!.intent!.label, 'track_order');
  await model.close();
});

test('one added example moves neither the temperature nor the out-of-scope threshold materially', () => {
  const [a, b] = [first.tasks.intent!, corrected.tasks.intent!];
  for (const route of ['en', 'zh'] as const) {
    const [ta, tb] = [a.routes[route]!.temperature, b.routes[route]!.temperature];
    assert.ok(Math.abs(ta - tb) / ta < 0.1, `${route} temperature ${ta} → ${tb}`);
    assert.ok(ta > 0.2 && ta < 10, `${route} temperature ${ta} is at neither bound`);
  }
  assert.ok(Math.abs(a.oosThreshold - b.oosThreshold) <= 0.05, `threshold ${a.oosThreshold} → ${b.oosThreshold}`);
});
