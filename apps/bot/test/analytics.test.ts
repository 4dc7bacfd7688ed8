import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { analyticsSchema } from '@parley/protocol';
import { forEachEngine } from './support/engines.ts';
import { assertApiError, call, startTwoWorkspaces, type ApiHarness, type SeededWorkspace } from './support/api-harness.ts';
import { insertConversation, insertEvents } from './support/conversation-rows.ts';

const HOUR = 60 * 60 * 1000;
const now = new Date();
/** UTC midnight `days` days ago. */
const dayStart = (days: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days));
const dayName = (days: number) => dayStart(days).toISOString().slice(0, 10);

const v1 = (intent: string, sentiment: string, outOfScope = false) => ({
  modelVersion: 'v1',
  intent: { label: intent, confidence: 0.9, outOfScope },
  sentiment: { label: sentiment, score: 0.8 },
});
const v2 = (intent: string, sentiment: string) => ({ ...v1(intent, sentiment), modelVersion: 'v2' });

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let agentToken: string;
  let outsiderToken: string;

  before(async () => {
    const db = await engine.migrated();
    const setUp = await startTwoWorkspaces(db);
    ({ api, acme } = setUp);
    const globex = setUp.globex;
    [agentToken, outsiderToken] = [setUp.tokens.agent, setUp.tokens.outsider];
    const bot = acme.bot.id;
    const [d2, d1] = [dayStart(2), dayStart(1)];
    // Two days ago, v1: one contained conversation (3 messages, one out of scope), one that went to the queue.
    const c1 = await insertConversation(db, { botId: bot, createdAt: new Date(+d2 + 10 * HOUR) });
    await insertEvents(db, c1, new Date(+d2 + 10 * HOUR), [
      { sender: 'customer', classification: v1('track_order', 'positive') },
      { sender: 'bot' },
      { sender: 'customer', classification: v1('cancel_order', 'negative', true) },
    ]);
    const c2 = await insertConversation(db, { botId: bot, createdAt: new Date(+d2 + 11 * HOUR), status: 'closed' });
    await insertEvents(db, c2, new Date(+d2 + 11 * HOUR), [
      { sender: 'customer', classification: v1('track_order', 'neutral') },
      { status: 'waiting' },
      { status: 'closed' },
    ]);
    // Started late two days ago under v1, continued yesterday after v2 went live: the conversation and its
    // messages stay v1's, the classification of yesterday's message is v2's.
    const c5 = await insertConversation(db, { botId: bot, createdAt: new Date(+d2 + 23 * HOUR) });
    await insertEvents(db, c5, new Date(+d2 + 23 * HOUR), [{ sender: 'customer', classification: v1('change_address', 'neutral') }]);
    await insertEvents(db, c5, new Date(+d1 + 1 * HOUR), [
      { sender: 'customer', classification: v2('track_order', 'positive') },
      { sender: 'bot' },
    ]);
    // Yesterday: a v2 conversation an operator took directly (assigned, then closed), and one never classified.
    const c3 = await insertConversation(db, { botId: bot, createdAt: new Date(+d1 + 9 * HOUR), status: 'closed' });
    await insertEvents(db, c3, new Date(+d1 + 9 * HOUR), [
      { sender: 'customer', classification: v2('get_refund', 'negative') },
      { sender: 'bot' },
      { status: 'assigned' },
      { status: 'closed' },
    ]);
    const c4 = await insertConversation(db, { botId: bot, createdAt: new Date(+d1 + 12 * HOUR) });
    await insertEvents(db, c4, new Date(+d1 + 12 * HOUR), [{ sender: 'customer' }, { sender: 'bot' }]);
    // Outside the default 30 days, and another bot's: neither counts.
    const old = await insertConversation(db, { botId: bot, createdAt: dayStart(40) });
    await insertEvents(db, old, dayStart(40), [{ sender: 'customer', classification: v1('track_order', 'positive') }]);
    const other = await insertConversation(db, { botId: globex.bot.id, createdAt: new Date(+d1 + HOUR) });
    await insertEvents(db, other, new Date(+d1 + HOUR), [{ sender: 'customer', classification: v2('track_order', 'positive') }]);
  });
  after(() => api?.close());

  const analytics = (query = '', token = agentToken) => call(`${api.base}/bots/${acme.bot.id}/analytics${query}`, { token });

  test('per UTC day and model version: conversations, handoffs, contained, messages, classifications, sentiment; top intents per version', async () => {
    const response = await analytics();
    assert.equal(response.status, 200, JSON.stringify(response.body));
    const body = analyticsSchema.parse(response.body);
    assert.equal(body.from, dayStart(29).toISOString());
    assert.equal(body.to, dayStart(-1).toISOString());
    assert.deepEqual(body.versions, ['v1', 'v2']);
    const row = (day: number, modelVersion: string | null, counts: Record<string, unknown>) => ({
      day: dayName(day),
      modelVersion,
      conversations: 0,
      messages: 0,
      customerMessages: 0,
      handoffs: 0,
      contained: 0,
      outOfScope: 0,
      classified: 0,
      sentiment: {},
      ...counts,
    });
    assert.deepEqual(body.daily, [
      row(2, 'v1', {
        conversations: 3,
        handoffs: 1,
        contained: 2,
        messages: 5,
        customerMessages: 4,
        classified: 4,
        outOfScope: 1,
        sentiment: { positive: 1, negative: 1, neutral: 2 },
      }),
      row(1, 'v1', { messages: 2, customerMessages: 1 }),
      row(1, 'v2', {
        conversations: 1,
        handoffs: 1,
        messages: 2,
        customerMessages: 1,
        classified: 2,
        sentiment: { negative: 1, positive: 1 },
      }),
      row(1, null, { conversations: 1, contained: 1, messages: 2, customerMessages: 1 }),
    ]);
    // The cancel_order guess the model flagged out of scope counts in outOfScope above, not among the top intents.
    assert.deepEqual(body.topIntents, [
      { modelVersion: 'v1', intent: 'track_order', count: 2 },
      { modelVersion: 'v1', intent: 'change_address', count: 1 },
      { modelVersion: 'v2', intent: 'get_refund', count: 1 },
      { modelVersion: 'v2', intent: 'track_order', count: 1 },
    ]);
  });

  test('days bounds the range in whole UTC days: 2 is yesterday and today, 45 reaches the old conversation', async () => {
    const two = analyticsSchema.parse((await analytics('?days=2')).body);
    assert.deepEqual(
      two.daily.map((d) => [d.day, d.modelVersion, d.conversations]),
      [
        [dayName(1), 'v1', 0],
        [dayName(1), 'v2', 1],
        [dayName(1), null, 1],
      ],
    );
    const long = analyticsSchema.parse((await analytics('?days=45')).body);
    assert.deepEqual(long.daily[0], { ...long.daily[0], day: dayName(40), modelVersion: 'v1', conversations: 1, classified: 1 });
    assert.deepEqual(analyticsSchema.parse((await analytics('?days=1')).body).daily, []);
  });

  test('bad days are a 400 naming query.days; another workspace’s bot is a 404', async () => {
    for (const days of ['0', '366', 'abc', '1.5'])
      assert.match(assertApiError(await analytics(`?days=${days}`), 400, 'invalid_payload'), /query\.days/);
    assertApiError(await analytics('', outsiderToken), 404, 'not_found');
    assertApiError(await call(`${api.base}/bots/not-a-bot/analytics`, { token: agentToken }), 404, 'not_found');
    assertApiError(await analytics('', ''), 401, 'unauthorized');
  });
});
