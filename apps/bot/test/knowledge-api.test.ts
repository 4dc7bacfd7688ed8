import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { answerResponseSchema, knowledgeAskResultSchema, knowledgeDocumentSchema } from '@parley/protocol';
import {
  assertApiError,
  call,
  login,
  seedWorkspace,
  serveTinyModel,
  startApi,
  type ApiHarness,
  type SeededWorkspace,
} from './support/api-harness.ts';
import { forEachEngine } from './support/engines.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './support/fake-openai-server.ts';

const RETURNS = `# Returns and refunds

You can return any unworn item within 30 days of delivery. Start a return from the Orders page of your account and print the prepaid label.

Refunds go back to the original payment method within 5 business days after the parcel reaches our warehouse.`;

async function warrantyPdf(): Promise<string> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Warranty terms');
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage();
  page.drawText('Every blender comes with a two year warranty against manufacturing defects.', { x: 40, y: 700, size: 11, font });
  page.drawText('Send a photo of the receipt to claim a free repair or a replacement.', { x: 40, y: 680, size: 11, font });
  return Buffer.from(await pdf.save()).toString('base64');
}

forEachEngine((engine) => {
  let api: ApiHarness;
  let acme: SeededWorkspace;
  let admin: string;
  let agent: string;
  let llm: FakeOpenAiServer;
  const docs = (path = '') => `${api.base}/bots/${acme.bot.id}/knowledge/documents${path}`;

  before(async () => {
    api = await startApi(await engine.migrated());
    acme = await seedWorkspace(api.ctx.db, 'Acme');
    // The tiny corpus below is sparser than a help centre, so the bot answers from a lower confidence.
    await api.ctx.db.query(`UPDATE bots SET config = $2::jsonb WHERE id = $1`, [
      acme.bot.id,
      JSON.stringify({ knowledge: { answerThreshold: { en: 0.45, zh: 0.15 } } }),
    ]);
    admin = await login(api.base, acme.admin.email);
    agent = await login(api.base, acme.agent.email);
    llm = await startFakeOpenAiServer();
  });
  after(async () => {
    await api.close();
    await llm.close();
  });

  describe('documents', () => {
    let returnsId: string;

    test('an admin adds Markdown, HTML and a PDF; each comes back indexed, titled from its content', async () => {
      const markdown = await call(docs(), {
        token: admin,
        body: { mediaType: 'text/markdown', content: RETURNS, url: 'https://help.example.com/returns', filename: 'returns.md' },
      });
      assert.equal(markdown.status, 201, JSON.stringify(markdown.body));
      const returns = knowledgeDocumentSchema.parse(markdown.body.document);
      assert.equal(returns.title, 'Returns and refunds');
      assert.equal(returns.status, 'indexed');
      assert.equal(returns.source, 'upload');
      assert.ok(returns.chunkCount >= 1);
      returnsId = returns.id;

      const html = await call(docs(), {
        token: admin,
        body: {
          mediaType: 'text/html',
          content:
            '<html><head><title>Opening hours</title><script>alert(1)</script></head><body><nav>Home | Shop</nav><h1>Opening hours</h1><p>Our support team answers chat from 8:00 to 20:00, Monday to Saturday.</p></body></html>',
        },
      });
      assert.equal(html.status, 201, JSON.stringify(html.body));
      assert.equal(html.body.document.title, 'Opening hours');
      assert.equal(html.body.document.source, 'api');

      const pdf = await call(docs(), {
        token: admin,
        body: { mediaType: 'application/pdf', contentBase64: await warrantyPdf(), filename: 'warranty.pdf' },
      });
      assert.equal(pdf.status, 201, JSON.stringify(pdf.body));
      assert.equal(pdf.body.document.title, 'Warranty terms');
      assert.equal(pdf.body.document.status, 'indexed');

      const listed = await call(docs(), { token: agent });
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.documents.map((d: { title: string }) => d.title).sort(), [
        'Opening hours',
        'Returns and refunds',
        'Warranty terms',
      ]);
    });

    test('the chunk viewer shows what retrieval searches, without the script or navigation of the HTML', async () => {
      const list = (await call(docs(), { token: agent })).body.documents as { id: string; title: string }[];
      const hours = list.find((d) => d.title === 'Opening hours')!;
      const chunks = await call(docs(`/${hours.id}/chunks`), { token: agent });
      assert.equal(chunks.status, 200);
      const text = chunks.body.chunks.map((c: { text: string }) => c.text).join('\n');
      assert.match(text, /8:00 to 20:00/);
      assert.doesNotMatch(text, /alert|Home \| Shop/);
      assert.equal(chunks.body.chunks[0].ordinal, 0);
    });

    test('replacing re-indexes only a changed content; deleting removes it from answers at once', async () => {
      const same = await call(docs(`/${returnsId}`), {
        method: 'PUT',
        token: admin,
        body: { mediaType: 'text/markdown', content: RETURNS },
      });
      assert.equal(same.status, 200, JSON.stringify(same.body));
      const before = (await call(docs(`/${returnsId}`), { token: agent })).body.document;
      assert.equal(before.indexedAt, same.body.document.indexedAt);

      const changed = await call(docs(`/${returnsId}`), {
        method: 'PUT',
        token: admin,
        body: { mediaType: 'text/markdown', content: RETURNS.replace('5 business days', '3 business days') },
      });
      assert.equal(changed.status, 200);
      const chunks = await call(docs(`/${returnsId}/chunks`), { token: agent });
      assert.match(chunks.body.chunks.map((c: { text: string }) => c.text).join(' '), /3 business days/);
    });

    test('bad input gets a clear 4xx: both or neither content, a broken PDF, an agent writing, another bot, a bad id', async () => {
      assertApiError(await call(docs(), { token: admin, body: { mediaType: 'text/plain' } }), 400, 'invalid_payload');
      assertApiError(
        await call(docs(), { token: admin, body: { mediaType: 'text/plain', content: 'x', contentBase64: 'eA==' } }),
        400,
        'invalid_payload',
      );
      const broken = await call(docs(), {
        token: admin,
        body: { mediaType: 'application/pdf', contentBase64: Buffer.from('not a pdf').toString('base64') },
      });
      assertApiError(broken, 400, 'invalid_payload');
      assertApiError(await call(docs(), { token: admin, body: { mediaType: 'text/plain', content: '   ' } }), 400, 'invalid_payload');
      assertApiError(await call(docs(), { token: agent, body: { mediaType: 'text/plain', content: 'hello there' } }), 403, 'unauthorized');
      assertApiError(await call(docs('/not-a-uuid'), { token: agent }), 404, 'not_found');
      assertApiError(await call(docs(`/${crypto.randomUUID()}/chunks`), { token: agent }), 404, 'not_found');
      const globex = await seedWorkspace(api.ctx.db, 'Globex');
      const outsider = await login(api.base, globex.admin.email);
      assertApiError(await call(docs(), { token: outsider }), 404, 'not_found');
      assertApiError(await call(docs(`/${returnsId}`), { method: 'DELETE', token: outsider }), 404, 'not_found');
    });
  });

  describe('asking', () => {
    test('the Ask box shows each passage with its ranks and confidence, then the cited extractive answer', async () => {
      const asked = await call(`${api.base}/bots/${acme.bot.id}/knowledge/ask`, {
        token: agent,
        body: { question: 'how long until I get my money back?' },
      });
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      const result = knowledgeAskResultSchema.parse(asked.body);
      assert.equal(result.language, 'en');
      assert.equal(result.threshold, 0.45);
      assert.equal(result.passages[0]!.title, 'Returns and refunds');
      assert.equal(result.passages[0]!.dense?.rank, 1);
      assert.ok(result.passages[0]!.confidence >= 0.45);
      assert.equal(result.answer?.mode, 'extractive');
      assert.match(result.answer!.text, /3 business days/);
      assert.deepEqual(
        result.answer?.citations.map((c) => [c.number, c.title, c.url]),
        [[1, 'Returns and refunds', 'https://help.example.com/returns']],
      );
      assert.equal(result.llm, null);

      // A passage unrelated to the question can score a negative cosine; its confidence is still 0..1.
      const unrelated = await call(`${api.base}/bots/${acme.bot.id}/knowledge/ask`, {
        token: agent,
        body: { question: 'what is the capital of mongolia' },
      });
      assert.equal(unrelated.status, 200, JSON.stringify(unrelated.body));
      assert.equal(unrelated.body.answer, null);
    });

    test('POST /answer with the API key answers with citations, or null when the knowledge base does not cover it', async () => {
      const answered = await call(`${api.base}/answer`, { token: acme.apiKey, body: { question: 'is there a warranty on the blender?' } });
      assert.equal(answered.status, 200, JSON.stringify(answered.body));
      const body = answerResponseSchema.parse(answered.body);
      assert.match(body.answer!, /two year warranty/);
      assert.equal(body.citations[0]!.title, 'Warranty terms');
      assert.equal(body.citations[0]!.url, undefined);

      const unknown = await call(`${api.base}/answer`, { token: acme.apiKey, body: { question: 'what is the capital of Mongolia?' } });
      assert.deepEqual(unknown.body, { answer: null, citations: [], mode: null });

      assertApiError(await call(`${api.base}/answer`, { token: acme.apiKey, body: { question: '  ' } }), 400, 'invalid_payload');
      assertApiError(await call(`${api.base}/answer`, { body: { question: 'hi' } }), 401, 'unauthorized');
      // Metered like classify: two answered calls so far on the key's day.
      const usage = await call(`${api.base}/usage`, { token: acme.apiKey });
      assert.equal(usage.body.days.at(-1).calls, 2);
    });

    test('a preview shows the knowledge answer a first message would get, with its sources, and the Try it box too', async () => {
      await serveTinyModel(api.ctx, acme.bot.id);
      const previewed = await call(`${api.base}/preview`, {
        token: acme.apiKey,
        body: { texts: ['is there a warranty on the blender?', 'what is the capital of Mongolia?'] },
      });
      assert.equal(previewed.status, 200, JSON.stringify(previewed.body));
      const [warranty, mongolia] = previewed.body.results;
      assert.equal(warranty.decision, 'knowledge');
      assert.match(warranty.reply.text, /two year warranty/);
      assert.equal(warranty.reply.citations[0].title, 'Warranty terms');
      assert.notEqual(mongolia.decision, 'knowledge');
      const operator = await call(`${api.base}/bots/${acme.bot.id}/preview`, {
        token: agent,
        body: { texts: ['is there a warranty on the blender?'] },
      });
      assert.equal(operator.body.results[0].decision, 'knowledge');
    });

    test('with the bot’s language model the answer is written by it, metered in tokens; "not in the sources" answers null', async () => {
      const saved = await call(`${api.base}/bots/${acme.bot.id}/llm`, {
        method: 'PUT',
        token: admin,
        body: { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: 'gpt-4o-mini' },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      llm.script(
        {
          reply: 'answer',
          tokens: ['You get ', 'your money back within 3 business days [1].'],
          usage: { promptTokens: 300, completionTokens: 14 },
        },
        { reply: 'answer', tokens: ['NOT_IN_SOURCES'], usage: { promptTokens: 280, completionTokens: 3 } },
      );
      const answered = await call(`${api.base}/answer`, { token: acme.apiKey, body: { question: 'how long until I get my money back?' } });
      assert.equal(answered.status, 200, JSON.stringify(answered.body));
      assert.equal(answered.body.mode, 'llm');
      assert.equal(answered.body.answer, 'You get your money back within 3 business days [1].');
      assert.equal(answered.body.citations[0].title, 'Returns and refunds');

      const declined = await call(`${api.base}/bots/${acme.bot.id}/knowledge/ask`, {
        token: agent,
        body: { question: 'can I return worn items after 30 days?' },
      });
      assert.equal(declined.status, 200, JSON.stringify(declined.body));
      assert.equal(declined.body.answer, null);
      assert.equal(declined.body.llm.outcome, 'not_in_sources');
      assert.ok(declined.body.passages.length > 0, 'the retrieved passages are still shown');

      const usage = await call(`${api.base}/bots/${acme.bot.id}/usage`, { token: admin });
      assert.equal(usage.status, 200);
      const tokens = usage.body.llm.days.reduce((sum: number, d: { inputTokens: number }) => sum + d.inputTokens, 0);
      assert.equal(tokens, 580);
    });

    test('a spent token quota answers 429 on the API and leaves conversations to the extractive answer', async () => {
      const saved = await call(`${api.base}/bots/${acme.bot.id}/llm`, {
        method: 'PUT',
        token: admin,
        body: { baseUrl: llm.baseUrl, model: 'gpt-4o-mini', dailyTokenQuota: 100 },
      });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const refused = await call(`${api.base}/answer`, { token: acme.apiKey, body: { question: 'how long until I get my money back?' } });
      assertApiError(refused, 429, 'rate_limited');
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      const asked = await call(`${api.base}/bots/${acme.bot.id}/knowledge/ask`, {
        token: agent,
        body: { question: 'how long until I get my money back?' },
      });
      assert.equal(asked.body.answer.mode, 'extractive');
      assert.equal(asked.body.llm.outcome, 'skipped');
      assert.equal(llm.requests.length, 2, 'no call beyond the quota reached the provider');
    });
  });
});
