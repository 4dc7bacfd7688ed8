import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { reviewQueueSchema } from '@parley/protocol';
import { forEachEngine } from './support/engines.ts';
import { assertApiError, call, startTwoWorkspaces, type ApiHarness, type SeededWorkspace } from './support/api-harness.ts';
import { insertConversation, insertEvents } from './support/conversation-rows.ts';

const classified = (confidence: number, extra: { outOfScope?: boolean; sentiment?: string } = {}) => ({
  modelVersion: 'v1',
  intent: { label: 'track_order', confidence, outOfScope: extra.outOfScope ?? false },
  sentiment: { label: extra.sentiment ?? 'neutral', score: 0.9 },
});

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let agentToken: string;
  let outsiderToken: string;
  const ids: Record<string, string> = {};

  before(async () => {
    const db = await engine.migrated();
    const setUp = await startTwoWorkspaces(db);
    ({ api, acme } = setUp);
    const globex = setUp.globex;
    [agentToken, outsiderToken] = [setUp.tokens.agent, setUp.tokens.outsider];
    const at = (minutes: number) => new Date(Date.now() - (60 - minutes) * 60_000);

    const calm = await insertConversation(db, { botId: acme.bot.id, createdAt: at(0) });
    const calmIds = await insertEvents(db, calm, at(1), [
      { sender: 'customer', text: 'sure', classification: classified(0.9) },
      { sender: 'bot' },
      { sender: 'customer', text: 'unsure', classification: classified(0.35) },
      { sender: 'customer', text: 'out of scope', classification: classified(0.7, { outOfScope: true }) },
      { sender: 'customer', text: 'corrected already', classification: classified(0.05) },
    ]);
    [ids.sure, ids.unsure, ids.outOfScope, ids.corrected] = [calmIds[0]!, calmIds[2]!, calmIds[3]!, calmIds[4]!];
    await insertEvents(db, calm, at(2), [{ sender: 'customer', text: 'never classified' }]);
    await db.query(
      `INSERT INTO label_corrections (message_id, task, from_label, to_label, operator_id) VALUES ($1, 'intent', 'x', 'y', $2)`,
      [ids.corrected, acme.agent.id],
    );
    // A conversation that went to the queue and was closed since: its messages are boosted.
    const handedOff = await insertConversation(db, { botId: acme.bot.id, createdAt: at(3), status: 'closed' });
    ids.angry = (
      await insertEvents(db, handedOff, at(4), [
        { sender: 'customer', text: 'angry', classification: classified(0.6, { sentiment: 'negative' }) },
        { status: 'waiting' },
        { status: 'closed' },
      ])
    )[0]!;
    const elsewhere = await insertConversation(db, { botId: globex.bot.id, createdAt: at(5) });
    await insertEvents(db, elsewhere, at(5), [{ sender: 'customer', text: 'another bot', classification: classified(0.01) }]);
  });
  after(() => api?.close());

  const queue = async (query = '') => {
    const response = await call(`${api.base}/bots/${acme.bot.id}/review-queue${query}`, { token: agentToken });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return reviewQueueSchema.parse(response.body).items;
  };

  test('uncorrected customer messages of the bot, most worth a look first, each with its reasons', async () => {
    const items = await queue();
    assert.deepEqual(
      items.map((item) => [item.text, item.reasons, item.priority]),
      [
        ['angry', ['handoff', 'negative'], 1.15],
        ['never classified', ['low_confidence'], 1],
        ['out of scope', ['out_of_scope'], 0.8],
        ['unsure', ['low_confidence'], 0.65],
        ['sure', [], 0.1],
      ],
    );
    const angry = items[0]!;
    assert.equal(angry.messageId, ids.angry);
    assert.equal(angry.seq, 1);
    assert.equal(angry.modelVersion, 'v1');
    assert.deepEqual(angry.intent, {
      label: 'track_order',
      confidence: 0.6,
      outOfScope: false,
      top: [{ label: 'track_order', confidence: 0.6 }],
    });
    assert.deepEqual(angry.sentiment, { label: 'negative', score: 0.9 });
    assert.equal(items[1]!.intent, null);
    assert.deepEqual(
      (await queue('?limit=2')).map((item) => item.text),
      ['angry', 'never classified'],
    );
  });

  test('a correction through the API takes the message out of the queue', async () => {
    const unsure = (await queue()).find((item) => item.messageId === ids.unsure)!;
    const corrected = await call(`${api.base}/conversations/${unsure.conversationId}/corrections`, {
      token: agentToken,
      body: { messageId: ids.unsure, kind: 'intent', label: 'get_refund' },
    });
    assert.equal(corrected.status, 201, JSON.stringify(corrected.body));
    const texts = (await queue()).map((item) => item.text);
    assert.deepEqual(texts, ['angry', 'never classified', 'out of scope', 'sure']);
  });

  test('confirming the model’s own label (a right answer flagged out of scope) is audited, trained on and takes it out of the queue', async () => {
    const item = (await queue()).find((i) => i.messageId === ids.outOfScope)!;
    assert.deepEqual([item.intent?.label, item.intent?.outOfScope], ['track_order', true]);
    const confirmed = await call(`${api.base}/conversations/${item.conversationId}/corrections`, {
      token: agentToken,
      body: { messageId: ids.outOfScope, kind: 'intent', label: 'track_order' },
    });
    assert.equal(confirmed.status, 201, JSON.stringify(confirmed.body));
    const audit = await api.ctx.db.query('SELECT task, from_label, to_label, operator_id FROM label_corrections WHERE message_id = $1', [
      ids.outOfScope,
    ]);
    assert.deepEqual(audit.rows, [{ task: 'intent', from_label: 'track_order', to_label: 'track_order', operator_id: acme.agent.id }]);
    const examples = await api.ctx.db.query('SELECT task, text, label, source, created_by FROM training_examples WHERE message_id = $1', [
      ids.outOfScope,
    ]);
    assert.deepEqual(examples.rows, [
      { task: 'intent', text: 'out of scope', label: 'track_order', source: 'correction', created_by: acme.agent.id },
    ]);
    const logged = await call(`${api.base}/conversations/${item.conversationId}/events?after=${confirmed.body.seq - 1}`, {
      token: agentToken,
    });
    assert.deepEqual(
      logged.body.events.map((e: { type: string; messageId: string; label: string }) => [e.type, e.messageId, e.label]),
      [['correction', ids.outOfScope, 'track_order']],
    );
    assert.deepEqual(
      (await queue()).map((i) => i.text),
      ['angry', 'never classified', 'sure'],
    );
  });

  test('limit is 1–200; another workspace’s bot is a 404', async () => {
    for (const limit of ['0', '201', 'ten'])
      assert.match(
        assertApiError(
          await call(`${api.base}/bots/${acme.bot.id}/review-queue?limit=${limit}`, { token: agentToken }),
          400,
          'invalid_payload',
        ),
        /query\.limit/,
      );
    assertApiError(await call(`${api.base}/bots/${acme.bot.id}/review-queue`, { token: outsiderToken }), 404, 'not_found');
    assertApiError(await call(`${api.base}/bots/${acme.bot.id}/review-queue`), 401, 'unauthorized');
  });
});
