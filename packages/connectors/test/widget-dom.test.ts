/**
 * The widget's message list in Chromium: sources under knowledge answers, and answers streamed as drafts. The
 * view is the real one; what ChatClient would hand it is handed straight in, including what a bad server (or
 * a host page writing into localStorage) could send.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { AnswerDraftEvent, Citation, CustomerConversationEvent } from '@parley/protocol';
import { announced, launchChromium, openWidgetPage, resetChat, showDraft, showEvent, showOutgoing } from './support/widget-page.ts';

const customer = (seq: number, text: string): CustomerConversationEvent => ({
  type: 'message',
  conversationId: 'c1',
  seq,
  at: seq,
  message: { id: `m${seq}`, author: 'customer', text },
});
const bot = (seq: number, text: string, extra: { citations?: Citation[]; draftId?: string } = {}): CustomerConversationEvent => ({
  type: 'message',
  conversationId: 'c1',
  seq,
  at: seq,
  message: { id: `m${seq}`, author: 'bot', text, ...extra },
});
/** The little of the DOM one check reads in the page (this test is compiled without DOM types). */
interface Queryable {
  querySelector(selector: string): Queryable | null;
  querySelectorAll(selector: string): { length: number };
  shadowRoot: Queryable | null;
}
const delta = (draftId: string, text: string): AnswerDraftEvent => ({ conversationId: 'c1', draftId, delta: text });

/** Citations as a server that does not follow the protocol might send them: the widget must not trust the URLs. */
const LONG_TITLE = 'Everything you ever wanted to know about returning an order you bought on sale '.repeat(5).trim();
const CITATIONS = [
  { number: 1, title: 'Tracking your order', url: 'https://help.example.com/track?order=1#where', documentId: 'd1' },
  { number: 2, title: 'Refund policy', url: 'javascript:alert(document.domain)', documentId: 'd2' },
  { number: 3, title: 'Returns handbook', documentId: 'd3' },
  { number: 4, title: 'Data trick', url: 'data:text/html,<script>alert(1)</script>', documentId: 'd4' },
  { number: 5, title: LONG_TITLE, url: `http://docs.example.org/${'a'.repeat(400)}`, documentId: 'd5' },
  { number: 6, title: '<img src=x onerror="window.__pwned=1">', url: 'https://help.example.com/x', documentId: 'd6' },
] as Citation[];

describe('widget message list in Chromium', () => {
  let browser: Browser;
  const pages: Page[] = [];

  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser?.close());

  async function open(beforeLoad?: (page: Page) => Promise<void>) {
    const opened = await openWidgetPage(browser, beforeLoad);
    pages.push(opened.page);
    return opened;
  }

  test('sources under an answer: http(s) links open in a new tab without opener or referrer; anything else is text', async () => {
    const { page, errors } = await open();
    const answer = 'Track it under My orders [1]. Refunds take 5 days [2][3].';
    await showEvent(page, bot(1, answer, { citations: CITATIONS }));

    const dialog = page.getByRole('dialog', { name: 'Chat with us' });
    const sources = dialog.getByRole('list', { name: 'Sources' });
    assert.equal(await sources.getByRole('listitem').count(), 6);
    assert.equal(await dialog.locator('.bubble').textContent(), answer, 'the [n] markers stay as written');

    const links = sources.getByRole('link');
    assert.deepEqual(
      await links.evaluateAll((anchors) => anchors.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')])),
      [
        ['https://help.example.com/track?order=1#where', '_blank', 'noopener noreferrer'],
        [`http://docs.example.org/${'a'.repeat(400)}`, '_blank', 'noopener noreferrer'],
        ['https://help.example.com/x', '_blank', 'noopener noreferrer'],
      ],
    );
    // Names that say where each link goes, and that it opens elsewhere.
    await sources.getByRole('link', { name: 'Tracking your order (opens in a new tab)', exact: true }).waitFor();
    assert.equal(await dialog.locator('a[href^="javascript:"], a[href^="data:"]').count(), 0);
    assert.equal(await sources.getByRole('listitem').nth(1).textContent(), '[2] Refund policy');
    assert.equal(await sources.getByRole('listitem').nth(2).textContent(), '[3] Returns handbook');
    const host = sources.getByRole('listitem').nth(0).locator('.source-host');
    assert.equal(await host.textContent(), 'help.example.com');
    assert.ok(await host.evaluate((node) => node.scrollWidth <= node.clientWidth), 'a line with room shows the whole host');

    // Markup in a title is text.
    assert.equal(await dialog.locator('img').count(), 0);
    await sources.getByRole('link', { name: '<img src=x onerror="window.__pwned=1"> (opens in a new tab)' }).waitFor();
    assert.equal(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(errors, []);
  });

  test('a long title is clamped to two lines inside the message, and keeps its full name and tooltip', async () => {
    const { page } = await open();
    await showEvent(page, bot(1, 'See [5].', { citations: CITATIONS }));
    const message = page.locator('.msg.bot');
    const link = page.getByRole('link', { name: `${LONG_TITLE} (opens in a new tab)` });
    assert.equal(await link.getAttribute('title'), LONG_TITLE);
    const [box, within, lineHeight] = await Promise.all([
      link.boundingBox(),
      message.boundingBox(),
      link.evaluate((node) => parseFloat(node.ownerDocument.defaultView!.getComputedStyle(node).lineHeight)),
    ]);
    assert.ok(box && within);
    assert.ok(
      box.x >= within.x && box.x + box.width <= within.x + within.width + 0.5,
      `the link stays inside (${JSON.stringify({ box, within })})`,
    );
    assert.ok(box.height <= 2 * lineHeight + 1, `two lines at most (${box.height}px at ${lineHeight}px a line)`);
    const log = await page.locator('.log').evaluate((node) => ({ scroll: node.scrollWidth, client: node.clientWidth }));
    assert.ok(log.scroll <= log.client, `nothing scrolls sideways (${JSON.stringify(log)})`);
  });

  test('a message without citations, or with none usable, has no Sources list', async () => {
    const { page } = await open();
    await showEvent(page, bot(1, 'Hello!'));
    await showEvent(page, bot(2, 'Broken', { citations: [{ number: 1, title: '' }] as Citation[] }));
    await page.locator('.bubble').getByText('Broken', { exact: true }).waitFor();
    assert.equal(await page.getByRole('list', { name: 'Sources' }).count(), 0);
  });

  test('a draft grows in one bubble after the post it answers, unannounced, and the answer takes its place', async () => {
    const { page } = await open();
    await showEvent(page, customer(1, 'hi'));
    await showEvent(page, bot(2, 'Hello!'));
    const before = await announced(page);
    assert.equal(before, 'Bot: Hello!');
    // The server acks a post once its answer is logged: the question is still "Sending…" while the answer streams.
    await showOutgoing(page, { clientMessageId: 'q', text: 'where is my order', state: 'in-flight' });

    assert.equal(await showDraft(page, delta('a1', 'You can ')), true, 'the first delta starts a bubble');
    const draft = page.locator('.msg.bot.draft');
    assert.equal(await draft.locator('.bubble').textContent(), 'You can ');
    await draft.evaluate((node) => ((node as { marked?: boolean }).marked = true));
    assert.equal(await showDraft(page, delta('a1', 'track it ')), false);
    assert.equal(await showDraft(page, delta('a1', 'under My orders [1].')), false);
    assert.equal(await draft.count(), 1);
    assert.equal(await draft.evaluate((node) => (node as { marked?: boolean }).marked), true, 'the same element grew');
    assert.equal(await draft.locator('.bubble').textContent(), 'You can track it under My orders [1].');
    assert.equal(await draft.getAttribute('aria-busy'), 'true');
    assert.equal(await announced(page), before, 'deltas are not announced');
    const shown = () => page.locator('.log > *').evaluateAll((nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(await shown(), [
      'Hi! Ask us anything.',
      'Youhi',
      'BotHello!',
      'Youwhere is my orderSending…',
      'BotYou can track it under My orders [1].',
    ]);

    // The turn is logged: the post's echo, then the answer with the draft's id.
    await showEvent(page, {
      type: 'message',
      conversationId: 'c1',
      seq: 3,
      at: 3,
      message: { id: 'm3', author: 'customer', text: 'where is my order', clientMessageId: 'q' },
    });
    await showEvent(page, bot(4, 'You can track your order under My orders [1].', { draftId: 'a1' }));
    assert.deepEqual(await shown(), [
      'Hi! Ask us anything.',
      'Youhi',
      'BotHello!',
      'Youwhere is my orderSent',
      'BotYou can track your order under My orders [1].',
    ]);
    assert.equal(await announced(page), 'Bot: You can track your order under My orders [1].');
  });

  test('the logged message replaces its draft in place, in the same task, announced once, with its sources', async () => {
    const { page } = await open();
    await showEvent(page, customer(1, 'where is my order'));
    await showDraft(page, delta('a1', 'You can track'));
    await showEvent(page, customer(2, 'thanks')); // logged while the answer streams: it goes before the draft
    const final = bot(3, 'You can track your order under My orders [1].', { draftId: 'a1', citations: CITATIONS.slice(0, 1) });
    // Read back in the same task as the replacement: no frame can show both bubbles, or neither.
    const seen = await page.evaluate((event) => {
      const { harness, document } = globalThis as unknown as {
        harness: { event(e: unknown, live: boolean): boolean };
        document: Queryable;
      };
      harness.event(event, true);
      const log = document.querySelector('[data-parley-widget]')!.shadowRoot!.querySelector('.log')!;
      return { drafts: log.querySelectorAll('.draft').length, bots: log.querySelectorAll('.msg.bot').length };
    }, final);
    assert.deepEqual(seen, { drafts: 0, bots: 1 });
    assert.equal(await announced(page), 'Bot: You can track your order under My orders [1].');
    assert.deepEqual(
      await page.locator('.log > *').evaluateAll((nodes) => nodes.map((n) => (n as { dataset: { seq?: string } }).dataset.seq)),
      ['0', '1', '2', '3'],
    );
    await page
      .getByRole('list', { name: 'Sources' })
      .getByRole('link', { name: /Tracking your order/ })
      .waitFor();
    assert.equal(await showDraft(page, delta('a1', ' late')), false);
    assert.equal(await page.locator('.msg.bot').count(), 1, 'a late delta starts no second bubble');
  });

  test('a draft is dropped when another bot message is logged after it, or on a reset; a replayed final starts none', async () => {
    const { page } = await open();
    await showEvent(page, customer(1, 'what is your refund policy'));
    await showDraft(page, delta('a1', 'Refunds are'));
    await showEvent(page, bot(2, 'Sorry, I could not find that. Try asking differently.'));
    assert.equal(await page.locator('.draft').count(), 0);
    assert.equal(await page.locator('.msg.bot').count(), 1);
    assert.equal(await showDraft(page, delta('a1', ' late')), false, 'a dropped draft does not come back');

    await showDraft(page, delta('b1', 'Half an'));
    await resetChat(page);
    assert.equal(await page.locator('.msg').count(), 0);

    // History (saved or replayed) holds only final messages: they show as such, and their drafts stay ended.
    await showEvent(page, bot(7, 'Answered while you were away.', { draftId: 'c1' }), false);
    assert.equal(await showDraft(page, delta('c1', 'Answered')), false);
    assert.equal(await page.locator('.draft').count(), 0);
  });

  test('a draft with no delta for 30 s is dropped', async () => {
    const { page } = await open((p) => p.clock.install({ time: 1_000_000 }));
    await showDraft(page, delta('a1', 'Writing'));
    await page.clock.runFor(20_000);
    await showDraft(page, delta('a1', ' more'));
    await page.clock.runFor(29_000);
    assert.equal(await page.locator('.draft .bubble').textContent(), 'Writing more', 'a delta keeps it alive');
    await page.clock.runFor(1_500);
    assert.equal(await page.locator('.draft').count(), 0);
  });

  after(async () => {
    for (const page of pages) await page.close().catch(() => undefined);
  });
});
