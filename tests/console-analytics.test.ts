/**
 * The Analytics page's fixes from a newcomer's first look (issue 14), on one day of traffic: each sentiment
 * shows its own share rather than its stacked running total, every top intent is named and out-of-scope
 * guesses are not among them, counts are in the singular when they are one, and a single day is drawn as
 * labelled bars rather than lone dots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appendMessage, createVisitor, openConversation, type AppendMessageInput } from '@parley/bot';
import type { Locator, Page } from 'playwright-core';
import { screenshot, until } from './support/browser.ts';
import { buildConsole } from './support/console-build.ts';
import { seedConsoleBot, type ConsoleSeed } from './support/console-seed.ts';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { withDatabase } from './support/seed-bot.ts';

const OUT_OF_SCOPE = 'oos';
/** With OLD_INTENT, ten intents, as many as the chart lists: enough for recharts to skip every other name unless told not to. */
const LIVE_INTENTS = [
  'billing',
  'cancel_order',
  'change_address',
  'delivery_time',
  'gift_cards',
  'opening_hours',
  'order_status',
  'payment',
  'returns',
];
const OLD_INTENT = 'warranty';
const OLD_VERSION = 'v0-retired';

/**
 * One conversation today: the live model's three out-of-scope guesses (the most frequent label) and nine
 * intents, and one message an older version classified. Sentiment: 4 negative, 5 neutral, 4 without.
 */
async function seedOneDay(databaseUrl: string, botId: string): Promise<void> {
  await withDatabase(databaseUrl, async (db) => {
    const { rows } = await db.query<{ v: string }>('SELECT active_model_version AS v FROM bots WHERE id = $1', [botId]);
    const live = rows[0]!.v;
    const { visitor } = await createVisitor(db, botId);
    const conversation = await openConversation(db, { botId, visitorId: visitor.id });
    const say = (intent: string, sentiment: string | null, modelVersion = live) => {
      const outOfScope = intent === OUT_OF_SCOPE;
      const message: AppendMessageInput = {
        conversationId: conversation.id,
        sender: 'customer',
        text: `about ${intent}`,
        intent,
        confidence: 0.9,
        sentiment,
        modelVersion,
        payload: { classification: { intent: { label: intent, confidence: 0.9, outOfScope } } },
      };
      return appendMessage(db, message);
    };
    const sentiments = ['negative', 'negative', 'negative', 'neutral', 'neutral', 'neutral', null, null, null];
    await say(OUT_OF_SCOPE, 'negative');
    await say(OUT_OF_SCOPE, 'neutral');
    await say(OUT_OF_SCOPE, 'neutral');
    for (const [index, intent] of LIVE_INTENTS.entries()) await say(intent, sentiments[index]!);
    await say(OLD_INTENT, null, OLD_VERSION);
  });
}

/** Yesterday, a conversation of one negative and one neutral message. */
async function seedYesterday(databaseUrl: string, botId: string): Promise<void> {
  await withDatabase(databaseUrl, async (db) => {
    const { rows } = await db.query<{ v: string }>('SELECT active_model_version AS v FROM bots WHERE id = $1', [botId]);
    const { visitor } = await createVisitor(db, botId);
    const conversation = await openConversation(db, { botId, visitorId: visitor.id });
    for (const sentiment of ['negative', 'neutral'])
      await appendMessage(db, {
        conversationId: conversation.id,
        sender: 'customer',
        text: sentiment,
        intent: 'billing',
        sentiment,
        modelVersion: rows[0]!.v,
      });
    await db.query(`UPDATE conversations SET created_at = created_at - interval '1 day' WHERE id = $1`, [conversation.id]);
    await db.query(`UPDATE messages SET created_at = created_at - interval '1 day' WHERE conversation_id = $1`, [conversation.id]);
  });
}

describe('operator console analytics', () => {
  let stack: E2eStack<ConsoleSeed>;
  let page: Page;

  before(async () => {
    stack = await startE2eStack({ seed: (databaseUrl, hostOrigin) => seedConsoleBot(databaseUrl, [hostOrigin]), alongside: buildConsole });
    await seedOneDay(stack.database.url, stack.seed.botId);
    page = await stack.newPage(`${stack.bot.url}/console/analytics`, { viewport: { width: 1440, height: 900 } });
    await page.getByLabel('Email').fill(stack.seed.admin.email);
    await page.getByLabel('Password').fill(stack.seed.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Analytics' }).waitFor();
  });

  after(() => stack?.close());

  const chart = (title: string) => page.locator('figure.chart-card', { has: page.getByRole('heading', { name: title }) });
  const texts = async (locator: Locator) => (await locator.allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
  /** The values written on a chart's bars, once they are drawn. */
  async function barLabels(title: string, count: number): Promise<string[]> {
    const labels = chart(title).locator('.recharts-label-list text');
    await until(async () => (await labels.count()) >= count, `${title} has ${count} labels on its bars`);
    return texts(labels);
  }

  test('one day is drawn as bars with their values, not as lone dots', async () => {
    const volume = chart('Conversations and messages per day');
    assert.deepEqual(await barLabels('Conversations and messages per day', 2), ['1', '13']);
    assert.equal(await volume.locator('.recharts-line').count(), 0);
    assert.deepEqual(await barLabels('Containment and handoff rates', 2), ['100%', '0%']);
    assert.deepEqual(await barLabels('Out-of-scope rate', 1), ['23.1%']);
  });

  test('count labels say one conversation, in the singular', async () => {
    assert.equal(
      (await chart('Conversations and messages per day').locator('figcaption p').textContent())?.trim(),
      '1 conversation and 13 messages in the period.',
    );
    assert.doesNotMatch((await page.locator('.analytics-page').textContent()) ?? '', /\b1 (conversations|messages)\b/);
  });

  test("each sentiment shows its own share, on the bar and in the tooltip, not the stack's running total", async () => {
    // 4 negative and 5 neutral: neutral stacked on negative tops out at 100%, which is not neutral's share.
    assert.deepEqual(await barLabels('Sentiment trend', 2), ['44.4%', '55.6%']);
    // The labels' own layer lies over the bars: force the hover rather than wait for a free spot.
    await chart('Sentiment trend').locator('.recharts-bar-rectangle').first().hover({ force: true });
    const items = chart('Sentiment trend').locator('.recharts-tooltip-item');
    await until(async () => (await items.count()) === 2, 'the sentiment tooltip lists both sentiments');
    assert.deepEqual(await texts(items), ['negative : 44.4%', 'neutral : 55.6%']);
  });

  test('top intents names every bar, and leaves out-of-scope guesses to the out-of-scope rate', async () => {
    const names = chart('Top intents').locator('.recharts-yAxis-tick-labels text');
    await until(async () => (await names.count()) > 0, 'the top intents are named');
    assert.deepEqual((await texts(names)).sort(), [...LIVE_INTENTS, OLD_INTENT].sort());
    assert.equal(await chart('Top intents').locator('.recharts-bar-rectangle').count(), LIVE_INTENTS.length + 1);
    await chart('Top intents').scrollIntoViewIfNeeded();
    await screenshot(page, 'console-analytics-one-day');
    assert.deepEqual(stack.problems, []);
  });

  test('a second day brings back trend lines, and the stacked bands keep their own shares in the tooltip', async () => {
    await seedYesterday(stack.database.url, stack.seed.botId);
    await page.reload();
    const volumeLines = chart('Conversations and messages per day').locator('.recharts-line');
    await until(async () => (await volumeLines.count()) === 2, 'conversations and messages are lines again');
    // Today's point, the right-hand one of two, where neutral's band tops out at 100%.
    const box = (await chart('Sentiment trend').locator('.recharts-wrapper').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
    const items = chart('Sentiment trend').locator('.recharts-tooltip-item');
    await until(async () => (await items.count()) === 2, 'the sentiment tooltip lists both sentiments');
    assert.deepEqual(await texts(items), ['negative : 44.4%', 'neutral : 55.6%']);
    assert.deepEqual(stack.problems, []);
  });
});
