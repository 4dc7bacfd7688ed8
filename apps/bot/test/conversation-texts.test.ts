import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { smallTalkReplies, type Classification, type Language } from '@parley/model';
import { conversationTextsSchema, intentsResultSchema, SMALL_TALK_LABELS, type CustomerConversationEvent } from '@parley/protocol';
import { DEFAULT_TEXTS } from '../src/engine/bot-config.ts';
import { decide } from '../src/engine/decide.ts';
import { forEachEngine } from './support/engines.ts';
import { EventLog } from './support/events.ts';
import {
  assertApiError,
  call,
  connectCustomer,
  serveTinyModel,
  startTwoWorkspaces,
  tinyModelArtifact,
  type ApiHarness,
  type LooseJson,
  type SeededWorkspace,
} from './support/api-harness.ts';

before(() => tinyModelArtifact(), { timeout: 120_000 });

/** A confident classification of `label` in `language`, as the model would give it. */
const classified = (label: string, language: Language, outOfScope = false): Classification => ({
  language,
  intent: { label, confidence: 0.95, top: [{ label, confidence: 0.95 }], outOfScope },
  sentiment: { label: 'neutral', score: 0.9, probabilities: { neutral: 0.9, negative: 0.05, positive: 0.05 } },
});

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let globex: SeededWorkspace;
  let adminToken: string;
  let agentToken: string;
  let outsiderToken: string;

  before(async () => {
    const setUp = await startTwoWorkspaces(await engine.migrated());
    ({ api, acme, globex } = setUp);
    ({ admin: adminToken, agent: agentToken, outsider: outsiderToken } = setUp.tokens);
  });
  after(() => api?.close());

  const url = (path: string, bot = acme.bot.id) => `${api.base}/bots/${bot}${path}`;
  const get = (token = agentToken, bot = acme.bot.id) => call(url('/conversation-texts', bot), { token });
  const put = (body: unknown, token = adminToken, bot = acme.bot.id) =>
    call(url('/conversation-texts', bot), { method: 'PUT', token, body });
  const stored = async (): Promise<LooseJson> =>
    (await api.ctx.db.query<{ config: LooseJson }>('SELECT config FROM bots WHERE id = $1', [acme.bot.id])).rows[0]!.config;
  const changes = async () =>
    (
      await api.ctx.db.query<{ action: string; operator_id: string; detail: LooseJson }>(
        'SELECT action, operator_id, detail FROM domain_changes WHERE bot_id = $1 ORDER BY created_at, id',
        [acme.bot.id],
      )
    ).rows;
  /** What the running bot says to a first message classified as `label`, with the config it serves now. */
  const says = async (label: string, language: Language, outOfScope = false) => {
    const { config } = (await api.ctx.bots.get(acme.bot.id))!;
    const decision = decide({
      config,
      status: 'bot',
      failureCount: 0,
      text: 'hi',
      classification: classified(label, language, outOfScope),
    });
    assert.ok('reply' in decision, decision.kind);
    return decision.reply;
  };

  describe('conversation texts', () => {
    test('GET: with nothing changed, every value is the built-in default, in both languages', async () => {
      const response = await get();
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const texts = conversationTextsSchema.parse(response.body);
      assert.deepEqual(texts.languages, texts.defaults.languages);
      assert.deepEqual(texts.builtins, { smallTalk: true, background: true });
      assert.deepEqual(texts.defaults.builtins, { smallTalk: true, background: true });
      for (const language of ['en', 'zh'] as const) {
        assert.deepEqual(texts.defaults.languages[language].texts, DEFAULT_TEXTS[language]);
        assert.deepEqual(Object.keys(texts.defaults.languages[language].smallTalk).sort(), [...SMALL_TALK_LABELS].sort());
        for (const label of SMALL_TALK_LABELS)
          assert.deepEqual(texts.defaults.languages[language].smallTalk[label], { text: smallTalkReplies()[language][label] });
      }
      assert.equal((await get(adminToken)).status, 200);
      assertApiError(await get(outsiderToken), 404, 'not_found');
      assertApiError(await call(url('/conversation-texts')), 401, 'unauthorized');
    });

    test('PUT overrides texts, small talk and built-ins; the running bot says them at once; audited', async () => {
      const greeting = {
        text: 'Hello from Acme! Ask me about your order.',
        quickReplies: [{ label: 'Track my order', value: 'track_order' }],
      };
      const response = await put({
        languages: {
          en: { texts: { fallback: 'Acme did not get that.' }, smallTalk: { 'smalltalk.greeting': greeting } },
          zh: {
            texts: { fallback: 'Acme 没看懂，请换个说法。' },
            smallTalk: { 'smalltalk.thanks': { text: '不客气！Acme 随时为您服务。' } },
          },
        },
        builtins: { background: false },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const texts = conversationTextsSchema.parse(response.body);
      assert.deepEqual(texts.languages.en.smallTalk['smalltalk.greeting'], greeting);
      assert.equal(texts.languages.en.texts.fallback, 'Acme did not get that.');
      assert.equal(texts.languages.en.texts.handoff, DEFAULT_TEXTS.en.handoff, 'what the body leaves out stays as it was');
      assert.equal(texts.languages.zh.texts.fallback, 'Acme 没看懂，请换个说法。');
      assert.deepEqual(texts.builtins, { smallTalk: true, background: false });
      assert.equal(texts.defaults.languages.en.texts.fallback, DEFAULT_TEXTS.en.fallback, 'the defaults do not move');
      assert.deepEqual(conversationTextsSchema.parse((await get()).body), texts);

      // Only the owner's own values are stored; the defaults stay out of the config.
      const config = await stored();
      assert.deepEqual(config.texts, { fallback: 'Acme did not get that.' });
      assert.deepEqual(config.smallTalk, { 'smalltalk.greeting': greeting });
      assert.deepEqual(config.locales, {
        zh: {
          texts: { fallback: 'Acme 没看懂，请换个说法。' },
          smallTalk: { 'smalltalk.thanks': { text: '不客气！Acme 随时为您服务。' } },
        },
      });
      assert.deepEqual(config.builtins, { background: false });

      assert.deepEqual(await says('smalltalk.greeting', 'en'), greeting);
      assert.equal((await says('smalltalk.thanks', 'zh')).text, '不客气！Acme 随时为您服务。');
      assert.equal((await says('smalltalk.thanks', 'en')).text, smallTalkReplies().en['smalltalk.thanks']);
      assert.equal((await says('oos', 'zh', true)).text, 'Acme 没看懂，请换个说法。');
      assert.equal((await says('oos', 'en', true)).text, 'Acme did not get that.');

      const audit = await changes();
      assert.deepEqual(
        audit.map((c) => [c.action, c.operator_id]),
        [['conversation_texts.update', acme.admin.id]],
      );
      assert.deepEqual(audit[0]!.detail.changes, [
        { field: 'languages.en.texts.fallback', before: null, after: 'Acme did not get that.' },
        { field: 'languages.en.smallTalk.smalltalk.greeting', before: null, after: greeting },
        { field: 'languages.zh.texts.fallback', before: null, after: 'Acme 没看懂，请换个说法。' },
        { field: 'languages.zh.smallTalk.smalltalk.thanks', before: null, after: { text: '不客气！Acme 随时为您服务。' } },
        { field: 'builtins.background', before: null, after: false },
      ]);
    });

    test('a real turn: a customer writing Chinese through the widget is answered with the edited Chinese text', async () => {
      // The tiny model knows no Chinese and reads every Chinese message as a request for a person (human_agent),
      // so the bot's answer is its Chinese handoff text.
      const edited = await put({ languages: { zh: { texts: { handoff: 'Acme 的客服同事马上就来。' } } } });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      await serveTinyModel(api.ctx, acme.bot.id);
      const customer = await connectCustomer(api, acme.bot);
      const events = new EventLog<CustomerConversationEvent>(customer, 'conversation:event');
      const joined = await customer.timeout(5000).emitWithAck('conversation:join', { lastSeq: 0 });
      const send = async (clientMessageId: string, text: string) => {
        const ack = await customer
          .timeout(5000)
          .emitWithAck('message:send', { conversationId: joined.conversationId, clientMessageId, text });
        assert.equal(ack.ok, true, JSON.stringify(ack));
        const reply = await events.waitFor((e) => e.type === 'message' && e.message.author === 'bot' && e.seq > ack.seq);
        assert.ok(reply.type === 'message');
        return reply.message.text;
      };
      assert.equal(await send('zh-1', '请问你们几点开门？'), 'Acme 的客服同事马上就来。');
      assert.equal(await send('zh-2', '还在吗？'), DEFAULT_TEXTS.zh.waitingForAgent, 'the texts not edited are the built-in Chinese ones');
    });

    test('null resets an entry to its default and removes the override from the stored config', async () => {
      const before = (await changes()).length;
      const response = await put({
        languages: {
          en: { smallTalk: { 'smalltalk.greeting': null } },
          zh: { texts: { fallback: null, handoff: null }, smallTalk: { 'smalltalk.thanks': null } },
        },
        builtins: { background: null },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const texts = conversationTextsSchema.parse(response.body);
      assert.deepEqual(texts.languages.en.smallTalk, texts.defaults.languages.en.smallTalk);
      assert.deepEqual(texts.languages.zh, texts.defaults.languages.zh);
      assert.equal(texts.languages.en.texts.fallback, 'Acme did not get that.', 'the entries not reset keep the owner’s value');
      assert.deepEqual(texts.builtins, { smallTalk: true, background: true });

      const config = await stored();
      assert.deepEqual(config.texts, { fallback: 'Acme did not get that.' });
      for (const key of ['smallTalk', 'locales', 'builtins']) assert.equal(key in config, false, `${key} left in the config`);
      assert.equal((await says('smalltalk.greeting', 'en')).text, smallTalkReplies().en['smalltalk.greeting']);
      assert.equal((await says('oos', 'zh', true)).text, DEFAULT_TEXTS.zh.fallback);

      const audit = (await changes()).slice(before);
      assert.equal(audit.length, 1);
      assert.deepEqual(audit[0]!.detail.changes[0], {
        field: 'languages.en.smallTalk.smalltalk.greeting',
        before: { text: 'Hello from Acme! Ask me about your order.', quickReplies: [{ label: 'Track my order', value: 'track_order' }] },
        after: null,
      });
    });

    test('bad values are a 400 naming the field, unknown labels and languages are refused; nothing stored or audited', async () => {
      const configBefore = await stored();
      const auditBefore = (await changes()).length;
      const refused = async (body: unknown, field: RegExp) => assert.match(assertApiError(await put(body), 400, 'invalid_payload'), field);
      await refused({ languages: { en: { texts: { fallback: '   ' } } } }, /body\.languages\.en\.texts\.fallback/);
      await refused({ languages: { zh: { texts: { talkToPerson: '转'.repeat(200) } } } }, /body\.languages\.zh\.texts\.talkToPerson/);
      await refused(
        { languages: { en: { smallTalk: { 'smalltalk.greeting': { text: 'hi', quickReplies: [] } } } } },
        /smallTalk\.smalltalk\.greeting\.quickReplies/,
      );
      await refused(
        { languages: { zh: { smallTalk: { 'smalltalk.weather': { text: '今天晴' } } } } },
        /body\.languages\.zh\.smallTalk: .*smalltalk\.weather/,
      );
      await refused({ languages: { fr: { texts: { fallback: 'Pardon ?' } } } }, /body\.languages: .*fr/);
      await refused({ languages: { en: { texts: { goodbye: 'Bye' } } } }, /body\.languages\.en\.texts: .*goodbye/);
      await refused({ builtins: { smallTalk: 'yes' } }, /body\.builtins\.smallTalk/);
      await refused({}, /at least one value/);
      await refused({ languages: { en: {} } }, /at least one value/);
      assert.deepEqual(await stored(), configBefore);
      assert.equal((await changes()).length, auditBefore);
    });

    test('a stored config the engine would not load is refused by the engine’s own parser, naming its field', async () => {
      const configBefore = await stored();
      await api.ctx.db.query('UPDATE bots SET config = $2::jsonb WHERE id = $1', [
        acme.bot.id,
        JSON.stringify({ ...configBefore, thresholds: { answerConfidence: 0.1, clarifyConfidence: 0.3 } }),
      ]);
      try {
        const message = assertApiError(await put({ languages: { en: { texts: { handoff: 'One moment.' } } } }), 400, 'invalid_payload');
        assert.match(message, /would not load: thresholds\.clarifyConfidence/);
      } finally {
        await api.ctx.db.query('UPDATE bots SET config = $2::jsonb WHERE id = $1', [acme.bot.id, JSON.stringify(configBefore)]);
      }
    });

    test('only admins change them, only in their own workspace', async () => {
      const body = { languages: { en: { texts: { handoff: 'One moment.' } } } };
      assertApiError(await put(body, agentToken), 403, 'unauthorized');
      assertApiError(await put(body, outsiderToken), 404, 'not_found');
      assertApiError(await put(body, adminToken, globex.bot.id), 404, 'not_found');
      assertApiError(await call(url('/conversation-texts'), { method: 'PUT', body }), 401, 'unauthorized');
      assert.equal((await stored()).texts.handoff, undefined);
    });

    test('both routes are in the OpenAPI document', async () => {
      const document = (await call(`${api.base}/openapi.json`)).body;
      const item = document.paths['/bots/{botId}/conversation-texts'];
      assert.deepEqual(item.get.security, [{ session: [] }, { sessionCookie: [] }]);
      assert.ok(item.get.responses['200'].content['application/json'].schema);
      assert.ok(item.put.requestBody.content['application/json'].schema);
      assert.ok(item.put.responses['200'] && item.put.responses['400'] && item.put.responses['403'] && item.put.responses['404']);
      assert.ok(document.components.schemas.ConversationTexts && document.components.schemas.ConversationTextsUpdate);
    });
  });

  describe('intent translations', () => {
    const putIntent = (intent: string, body: unknown, token = adminToken) =>
      call(url(`/intents/${intent}`), { method: 'PUT', token, body });
    const listed = async (intent: string) =>
      intentsResultSchema.parse((await call(url('/intents'), { token: agentToken })).body).intents.find((i) => i.name === intent);

    test('PUT sets, GET returns and the bot answers with the Chinese answer and display name; null removes one', async () => {
      const created = await putIntent('opening_hours', {
        displayName: 'opening hours',
        answer: { text: 'We are open 9–5.' },
        translations: { zh: { displayName: '营业时间', answer: { text: '我们的营业时间是九点到五点。' } } },
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      assert.deepEqual(created.body.intent.translations, {
        zh: { displayName: '营业时间', answer: { text: '我们的营业时间是九点到五点。' } },
      });
      assert.deepEqual(await listed('opening_hours'), created.body.intent);
      assert.equal((await says('opening_hours', 'zh')).text, '我们的营业时间是九点到五点。');
      assert.equal((await says('opening_hours', 'en')).text, 'We are open 9–5.');
      const { config } = (await api.ctx.bots.get(acme.bot.id))!;
      const clarify = decide({
        config,
        status: 'bot',
        failureCount: 0,
        text: '几点',
        classification: {
          ...classified('opening_hours', 'zh'),
          intent: {
            label: 'opening_hours',
            confidence: 0.4,
            top: [
              { label: 'opening_hours', confidence: 0.4 },
              { label: 'human_agent', confidence: 0.35 },
            ],
            outOfScope: false,
          },
        },
      });
      assert.ok(clarify.kind === 'clarify');
      assert.match(clarify.reply.text, /营业时间/);

      const untranslated = await putIntent('opening_hours', { translations: { zh: { answer: null } } });
      assert.equal(untranslated.status, 200, JSON.stringify(untranslated.body));
      assert.deepEqual(untranslated.body.intent.translations, { zh: { displayName: '营业时间', answer: null } });
      assert.deepEqual(untranslated.body.intent.answer, { text: 'We are open 9–5.' }, 'absent fields are left as they were');
      assert.equal((await says('opening_hours', 'zh')).text, 'We are open 9–5.', 'without a translation the English answer is given');

      const audit = (await changes()).at(-1)!;
      assert.equal(audit.action, 'intent.update');
      assert.deepEqual(audit.detail.before.translations.zh.answer, { text: '我们的营业时间是九点到五点。' });
      assert.equal(audit.detail.after.translations.zh.answer, null);
    });

    test('a bad translation is a 400 naming the field; an unknown language is refused; agents may not', async () => {
      assert.match(
        assertApiError(await putIntent('opening_hours', { translations: { zh: { answer: { text: ' ' } } } }), 400, 'invalid_payload'),
        /body\.translations\.zh\.answer\.text/,
      );
      assert.match(
        assertApiError(await putIntent('opening_hours', { translations: { fr: { displayName: 'heures' } } }), 400, 'invalid_payload'),
        /body\.translations: .*fr/,
      );
      assertApiError(await putIntent('opening_hours', { translations: { zh: { displayName: '时间' } } }, agentToken), 403, 'unauthorized');
      assert.match(
        assertApiError(await putIntent('only_chinese', { translations: { zh: { answer: { text: '只有中文' } } } }), 400, 'invalid_payload'),
        /displayName, an answer or examples/,
      );
      assert.equal((await listed('opening_hours'))!.translations.zh.displayName, '营业时间');
    });

    test('DELETE removes the intent’s translations with it', async () => {
      assert.equal((await call(url('/intents/opening_hours'), { method: 'DELETE', token: adminToken })).status, 204);
      assert.equal(await listed('opening_hours'), undefined);
      const config = await stored();
      assert.equal(config.locales, undefined, 'no empty locale left behind');
      assert.deepEqual((await changes()).at(-1)!.detail.before.translations, { zh: { displayName: '营业时间', answer: null } });
    });
  });
});
