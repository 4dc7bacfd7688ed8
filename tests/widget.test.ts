/**
 * The embeddable widget end to end: Debian Chromium on a hostile customer page of another origin, the bot server as
 * its own process on a throwaway PostgreSQL database, stopped and restarted mid-conversation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { screenshot, until } from './support/browser.ts';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { countCustomerMessages, seedWidgetBot, withDatabase } from './support/seed-bot.ts';
import { createOperator, startFakeOpenAiServer, type FakeOpenAiServer } from '@parley/bot/testing';

const TRACK_ANSWER = 'You can track your order under My orders.';
const CANCEL_ANSWER = 'To cancel, open the order and press Cancel.';

const GIFT_DOC = {
  title: 'Gift wrapping',
  url: 'https://help.shop.example/gift-wrapping',
  mediaType: 'text/markdown',
  content: `# Gift wrapping

Can you gift wrap my present? Yes. Gift wrapping costs 3 euros per item, and you can add a handwritten card with your own message at checkout.

Gift-wrapped parcels show no prices: the receipt is emailed to you, not packed with the present.`,
};
/** What the bot's language model (a fake OpenAI service on loopback) writes, in the pieces it streams. */
const GIFT_TOKENS = ['Yes: gift wrapping ', 'costs 3 euros ', 'per item, and you can ', 'add a card at checkout [1].'];

/**
 * Gives the stack's bot a knowledge base of one document and a language model, through the REST API as an admin
 * would: only then does a message no intent answers get a streamed, cited answer.
 */
async function giveBotKnowledge(stack: E2eStack<{ publicKey: string }>, llm: FakeOpenAiServer): Promise<void> {
  const email = 'knowledge-admin@shop.example';
  const password = 'a long enough password';
  const botId = await withDatabase(stack.database.url, async (db) => {
    const { rows } = await db.query<{ id: string; workspace_id: string }>('SELECT id, workspace_id FROM bots WHERE public_key = $1', [
      stack.seed.publicKey,
    ]);
    const bot = rows[0]!;
    await createOperator(db, { workspaceId: bot.workspace_id, email, displayName: 'Knowledge admin', password, role: 'admin' });
    return bot.id;
  });
  const call = async (method: string, path: string, body: unknown, token?: string) => {
    const response = await fetch(`${stack.bot.url}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const { token } = (await call('POST', '/auth/login', { email, password })) as { token: string };
  const { document } = (await call('POST', `/bots/${botId}/knowledge/documents`, GIFT_DOC, token)) as { document: { status: string } };
  assert.equal(document.status, 'indexed');
  await call('PUT', `/bots/${botId}/llm`, { baseUrl: llm.baseUrl, apiKey: llm.apiKey, model: 'gpt-4o-mini', maxRetries: 0 }, token);
}

describe('web widget', () => {
  let stack: E2eStack<{ publicKey: string }>;

  before(async () => {
    stack = await startE2eStack({
      seed: async (databaseUrl, hostOrigin) => ({ publicKey: await seedWidgetBot(databaseUrl, [hostOrigin]) }),
    });
  });

  after(() => stack?.close());

  function visit(options: { lang?: string; viewport?: { width: number; height: number }; mobile?: boolean } = {}): Promise<Page> {
    return stack.newPage(stack.host.url(options.lang), {
      viewport: options.viewport ?? { width: 1100, height: 760 },
      ...(options.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
  }

  const chat = (page: Page, title = 'Chat with us') => page.getByRole('dialog', { name: title });
  /** The visitor's own bubble of exactly `text`. */
  const own = (dialog: Locator, text: string) =>
    dialog.locator('.msg.customer').filter({ has: dialog.page().getByText(text, { exact: true }) });

  async function send(dialog: Locator, text: string): Promise<void> {
    const input = dialog.getByRole('textbox');
    await input.fill(text);
    await input.press('Enter');
  }

  test('GET /widget.js is a cross-origin script with an ETag', async () => {
    const response = await fetch(`${stack.bot.url}/widget.js`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/javascript; charset=utf-8');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(response.headers.get('cache-control') ?? '', /max-age=\d+/);
    const etag = response.headers.get('etag');
    assert.ok(etag);
    assert.match(await response.text(), /^"use strict";\(\(\)=>/);
    // max-age=0 as a browser's reload sends it; fetch would otherwise add `no-cache`, which forbids a 304.
    const again = await fetch(`${stack.bot.url}/widget.js`, { headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } });
    assert.equal(again.status, 304);
  });

  describe('one visitor across a reload and a server restart', () => {
    let page: Page;

    test('the launcher opens the chat; a message gets the bot answer, and a quick reply gets the next one', async () => {
      page = await visit();
      // The host page's CSS is live (its own button is gone) and yet the widget is intact.
      assert.equal(await page.locator('#page-button').isVisible(), false);
      await page.getByRole('button', { name: 'Open chat' }).click();
      const dialog = chat(page);
      await dialog.waitFor();
      await send(dialog, 'where is my order');
      await dialog.getByText(TRACK_ANSWER).waitFor();
      await own(dialog, 'where is my order').getByText('Sent').waitFor();
      const fontSize = await dialog
        .locator('.bubble')
        .first()
        .evaluate((node) => getComputedStyle(node).fontSize);
      assert.equal(fontSize, '14px', 'the page CSS reached inside the widget');
      await screenshot(page, '01-first-answer-with-quick-replies');

      await dialog.getByRole('button', { name: 'Cancel it' }).click();
      await dialog.getByText(CANCEL_ANSWER).waitFor();
      await screenshot(page, '02-quick-reply-answered');
    });

    test('a reload keeps the history, each message once', async () => {
      await page.reload();
      const dialog = chat(page);
      // The panel was open, so it opens again, with the saved conversation.
      await dialog.getByText(CANCEL_ANSWER).waitFor();
      assert.equal(await own(dialog, 'where is my order').count(), 1);
      assert.equal(await dialog.getByText(TRACK_ANSWER).count(), 1);
      await screenshot(page, '03-after-reload');
    });

    test('a server restart shows the reconnect banner, then resumes; a message typed meanwhile is delivered once', async () => {
      const dialog = chat(page);
      const banner = dialog.getByText('Reconnecting…');
      await stack.bot.stop();
      await banner.waitFor();
      const offline = 'has my order shipped yet';
      await send(dialog, offline);
      await own(dialog, offline).getByText('Sending…').waitFor();
      await screenshot(page, '04-offline-message-queued');

      await stack.startBot();
      await banner.waitFor({ state: 'hidden', timeout: 20_000 });
      await own(dialog, offline).getByText('Sent').waitFor();
      await until(async () => (await dialog.getByText(TRACK_ANSWER).count()) === 2, 'the bot answers the queued message');
      assert.equal(await own(dialog, offline).count(), 1);
      assert.equal(await countCustomerMessages(stack.database.url, offline), 1);
      await screenshot(page, '05-resumed-after-restart');

      // And after one more reload the history still has it once.
      await page.reload();
      await until(async () => (await dialog.getByText(TRACK_ANSWER).count()) === 2, 'the history is replayed');
      assert.equal(await own(dialog, offline).count(), 1);
    });

    test('message text is shown as text, never run as HTML', async () => {
      const dialog = chat(page);
      const attack = '<img src=x onerror="window.__pwned=1">';
      await send(dialog, attack);
      await own(dialog, attack).getByText('Sent').waitFor();
      assert.equal(await own(dialog, attack).locator('.bubble').textContent(), attack);
      assert.equal(await dialog.locator('img').count(), 0);
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned), undefined);
      await screenshot(page, '06-markup-as-text');
    });
  });

  test('a return visit with nothing new opens scrolled to the newest message', async () => {
    const page = await visit();
    await page.getByRole('button', { name: 'Open chat' }).click();
    const dialog = chat(page);
    for (let turn = 1; turn <= 6; turn++) {
      await send(dialog, `where is my order ${turn}`);
      await until(async () => (await dialog.getByText(TRACK_ANSWER).count()) === turn, `answer ${turn}`);
    }
    await page.reload();
    await until(async () => (await dialog.getByText(TRACK_ANSWER).count()) === 6, 'the history is shown again');
    // Let the join's (empty) replay arrive: it must not be what scrolls.
    await page.waitForTimeout(500);
    const log = await dialog
      .locator('.log')
      .evaluate((node) => ({ top: node.scrollTop, height: node.scrollHeight, view: node.clientHeight }));
    assert.ok(log.height > log.view * 1.5, `the history overflows the log (${JSON.stringify(log)})`);
    assert.ok(log.height - log.view - log.top <= 1, `scrolled to the end (${JSON.stringify(log)})`);
    await screenshot(page, '07a-return-visit-scrolled-to-newest');
  });

  test('keyboard only: Tab reaches the launcher, Enter opens, Enter sends, Escape closes', async () => {
    const page = await visit();
    const focused = () =>
      page.evaluate(() => {
        const host = document.activeElement;
        return host?.shadowRoot?.activeElement?.className ?? host?.id ?? '';
      });
    for (let presses = 0; presses < 10 && (await focused()) !== 'launcher'; presses++) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'launcher');
    await page.keyboard.press('Enter');
    await chat(page).waitFor();
    assert.equal(await focused(), 'input');
    await page.keyboard.type('cancel my order');
    await page.keyboard.press('Enter');
    await chat(page).getByText(CANCEL_ANSWER).waitFor();
    await screenshot(page, '07-keyboard');
    await page.keyboard.press('Escape');
    await chat(page).waitFor({ state: 'hidden' });
    assert.equal(await focused(), 'launcher');
  });

  test('a page in Chinese gets the Chinese UI, and "talk to a person" hands off', async () => {
    const page = await visit({ lang: 'zh-CN' });
    await page.getByRole('button', { name: '打开聊天' }).click();
    const dialog = chat(page, '在线客服');
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('textbox', { name: '消息' }).getAttribute('placeholder'), '输入消息…');
    await dialog.getByRole('button', { name: '发送' }).waitFor();
    await send(dialog, 'where is my order');
    await dialog.getByText(TRACK_ANSWER).waitFor();
    await dialog.getByRole('button', { name: '转人工客服' }).click();
    await dialog.getByText('正在为您转接人工客服…').first().waitFor();
    await screenshot(page, '08-chinese-handoff');
  });

  test('on a phone the open chat fills the screen', async () => {
    const viewport = { width: 390, height: 844 };
    const page = await visit({ viewport, mobile: true });
    await page.getByRole('button', { name: 'Open chat' }).tap();
    const dialog = chat(page);
    await dialog.waitFor();
    assert.deepEqual(await dialog.boundingBox(), { x: 0, y: 0, ...viewport });
    await send(dialog, 'where is my order');
    await dialog.getByText(TRACK_ANSWER).waitFor();
    await screenshot(page, '09-mobile');
  });

  describe("a knowledge answer, streamed by the bot's language model", () => {
    let llm: FakeOpenAiServer;

    before(async () => {
      llm = await startFakeOpenAiServer();
      await giveBotKnowledge(stack, llm);
    });
    after(() => llm?.close());

    test('the answer grows in one bubble, becomes the logged message with its sources, and a reload shows it once', async () => {
      llm.script({ reply: 'answer', tokens: GIFT_TOKENS, tokenDelayMs: 400 });
      const page = await visit();
      await page.getByRole('button', { name: 'Open chat' }).click();
      const dialog = chat(page);
      await send(dialog, 'gift wrapping price');

      const draft = dialog.locator('.msg.bot.draft');
      await draft.getByText('Yes: gift wrapping', { exact: false }).waitFor();
      const partial = await draft.locator('.bubble').textContent();
      assert.ok(partial && partial !== GIFT_TOKENS.join(''), `a part of the answer, while it is written (${partial})`);
      await screenshot(page, '10-knowledge-answer-streaming');

      const answer = GIFT_TOKENS.join('');
      await dialog.locator('.msg.bot:not(.draft) .bubble').getByText(answer, { exact: true }).waitFor();
      assert.equal(await draft.count(), 0, 'the draft was replaced');
      assert.equal(await dialog.locator('.msg.bot').filter({ hasText: 'Yes: gift wrapping' }).count(), 1, 'one bubble, not two');
      const source = dialog.getByRole('list', { name: 'Sources' }).getByRole('link', { name: 'Gift wrapping (opens in a new tab)' });
      assert.equal(await source.getAttribute('href'), GIFT_DOC.url);
      assert.equal(await source.getAttribute('target'), '_blank');
      assert.equal(await source.getAttribute('rel'), 'noopener noreferrer');
      await screenshot(page, '11-knowledge-answer-with-sources');

      await page.reload();
      await dialog.locator('.bubble').getByText(answer, { exact: true }).waitFor();
      await page.waitForTimeout(300);
      assert.equal(await dialog.locator('.msg.bot').filter({ hasText: 'Yes: gift wrapping' }).count(), 1);
      assert.equal(await dialog.locator('.draft').count(), 0, 'no draft comes back from the saved chat or the replay');
      await dialog
        .getByRole('list', { name: 'Sources' })
        .getByRole('link', { name: /Gift wrapping/ })
        .waitFor();
    });
  });

  test('no page saw an uncaught error or a CSP violation', () => {
    assert.deepEqual(stack.problems, []);
  });
});
