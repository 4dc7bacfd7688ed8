/**
 * The operator console end to end: Debian Chromium on the console (served by the bot server at /console) and on a
 * customer's page with the widget, against one bot server process on a throwaway PostgreSQL database. One
 * conversation runs through the whole loop: it shows up live, an operator takes it over and replies, corrects the
 * model on a message it did not know, teaches the bot a new intent, retrains, reads the report, promotes, and the
 * bot then answers the customer with the new model.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { screenshot, until } from './support/browser.ts';
import { buildConsole } from './support/console-build.ts';
import { seedConsoleBot, type ConsoleSeed, type Login } from './support/console-seed.ts';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { withDatabase } from './support/seed-bot.ts';

const TRACK_ANSWER = 'You can track your order under My orders.';
const UNKNOWN_QUESTION = 'what time do you open on sundays';
const NEW_INTENT = 'opening_hours';
const NEW_ANSWER = 'We are open from 9:00 to 17:00 every day, Sundays included.';
const OPERATOR_REPLY = 'Hi, this is Lea from the shop. Let me look into that for you.';

/** The new intent's examples, imported from a file as a customer would; two are held out for the evaluation. */
const NEW_INTENT_FILE = [
  ...[
    'what are your opening hours',
    'when do you open',
    'what time do you close',
    'are you open on sundays',
    'when does the shop open',
    'what are your business hours',
    'until what time are you open today',
    'are you open on public holidays',
  ].map((text) => ({ text, label: NEW_INTENT, split: 'train' })),
  ...['what time do you open tomorrow', 'what are the store hours'].map((text) => ({ text, label: NEW_INTENT, split: 'test' })),
]
  .map((line) => JSON.stringify(line))
  .join('\n');

describe('operator console', () => {
  let stack: E2eStack<ConsoleSeed>;
  let seed: ConsoleSeed;
  let operator: Page;
  let customer: Page;
  /** The model the bot served before the console retrained it. */
  let firstVersion: string;

  before(async () => {
    stack = await startE2eStack({ seed: (databaseUrl, hostOrigin) => seedConsoleBot(databaseUrl, [hostOrigin]), alongside: buildConsole });
    seed = stack.seed;
  });

  after(() => stack?.close());

  const newPage = (url: string) => stack.newPage(url, { viewport: { width: 1280, height: 860 } });
  const consoleUrl = (path = '') => `${stack.bot.url}/console/${path}`;
  const liveVersion = () =>
    withDatabase(stack.database.url, async (db) => {
      const { rows } = await db.query<{ v: string }>('SELECT active_model_version AS v FROM bots WHERE id = $1', [seed.botId]);
      return rows[0]!.v;
    });

  async function logIn(page: Page, login: Login): Promise<void> {
    await page.getByLabel('Email').fill(login.email);
    await page.getByLabel('Password').fill(login.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('tab', { name: 'With the bot' }).waitFor();
  }

  const chat = (page: Page) => page.getByRole('dialog', { name: 'Chat with us' });

  async function say(text: string): Promise<void> {
    const input = chat(customer).getByRole('textbox');
    await input.fill(text);
    await input.press('Enter');
  }

  const transcript = () => operator.getByRole('list', { name: 'Transcript' });
  /** The transcript entry of the customer's message `text`. */
  const customerMessage = (text: string): Locator =>
    transcript()
      .getByRole('listitem')
      .filter({ has: operator.getByText(text, { exact: true }) });

  test('login: a wrong password gets the server’s message, and the keyboard alone logs in', async () => {
    operator = await newPage(consoleUrl('inbox'));
    // Not logged in: the app sends the operator to the login form, with Email focused.
    await operator.getByRole('button', { name: 'Log in' }).waitFor();
    await operator.keyboard.type(seed.admin.email);
    await operator.keyboard.press('Tab');
    await operator.keyboard.type('not-the-password');
    await operator.keyboard.press('Enter');
    await operator.getByText('wrong email or password').waitFor();
    await screenshot(operator, 'console-01-login-refused');

    await operator.getByLabel('Password').fill(seed.admin.password);
    await operator.getByLabel('Password').press('Enter');
    await operator.getByRole('tab', { name: 'With the bot' }).waitFor();
    assert.match(await operator.getByRole('banner').innerText(), /Lea Lead/);
    await screenshot(operator, 'console-02-inbox-empty');
  });

  test('a customer’s widget message appears live, with intent, confidence and sentiment', async () => {
    customer = await newPage(stack.host.url());
    await customer.getByRole('button', { name: 'Open chat' }).click();
    await say('where is my order');
    await chat(customer).getByText(TRACK_ANSWER).waitFor();

    // Pushed over the socket: the inbox was open before the conversation existed, and is not reloaded.
    const row = operator.getByRole('link', { name: new RegExp(TRACK_ANSWER.slice(0, 20)) });
    await row.waitFor();
    assert.match(await row.innerText(), /track_order/);
    assert.match(await row.innerText(), /1 unread/);
    await row.click();
    await customerMessage('where is my order')
      .getByRole('button', { name: /^Intent: track_order [\d.]+%$/ })
      .waitFor();
    await customerMessage('where is my order')
      .getByRole('button', { name: /^Sentiment: \w+ [\d.]+%$/ })
      .waitFor();
    // Reading the conversation clears its unread badge for the whole team.
    await until(async () => !/unread/.test(await row.innerText()), 'the unread badge clears');
    await screenshot(operator, 'console-03-live-transcript');
  });

  test('take over: the operator’s reply reaches the customer', async () => {
    await operator.getByRole('button', { name: 'Take over' }).click();
    await operator.getByLabel('Reply').fill(OPERATOR_REPLY);
    await operator.getByLabel('Reply').press('Enter');
    await chat(customer).getByText(OPERATOR_REPLY).waitFor();
    await transcript().getByText(OPERATOR_REPLY).waitFor();
    await operator.getByRole('tab', { name: 'Mine' }).click();
    await operator.getByRole('link', { name: new RegExp(OPERATOR_REPLY.slice(0, 20)) }).waitFor();
    await screenshot(operator, 'console-04-taken-over');
    await screenshot(customer, 'console-05-customer-sees-reply');
  });

  test('confirming the model’s own label stores an audited training example of that label', async () => {
    const message = customerMessage('where is my order');
    await message.getByRole('button', { name: /^Intent: track_order/ }).click();
    const dialog = operator.getByRole('dialog', { name: 'Correct the intent' });
    await dialog.getByRole('button', { name: 'Confirm “track_order”' }).click();
    await message.getByText('Intent confirmed as track_order').waitFor();
    await transcript()
      .getByText(/confirmed the intent of message as “track_order”/)
      .waitFor();
    const stored = await withDatabase(stack.database.url, async (db) => {
      const audit = await db.query(
        `SELECT c.from_label, c.to_label FROM label_corrections c JOIN messages m ON m.id = c.message_id WHERE m.text = $1`,
        ['where is my order'],
      );
      const examples = await db.query(
        `SELECT e.label FROM training_examples e JOIN messages m ON m.id = e.message_id WHERE m.text = $1 AND e.source = 'correction'`,
        ['where is my order'],
      );
      return { audit: audit.rows, examples: examples.rows };
    });
    assert.deepEqual(stored, { audit: [{ from_label: 'track_order', to_label: 'track_order' }], examples: [{ label: 'track_order' }] });
  });

  test('correcting a label stores an audited training example of a new intent', async () => {
    await say(UNKNOWN_QUESTION);
    const message = customerMessage(UNKNOWN_QUESTION);
    await message.getByRole('button', { name: /^Intent: / }).click();
    const dialog = operator.getByRole('dialog', { name: 'Correct the intent' });
    await dialog.getByLabel('Correct intent').selectOption({ label: 'New intent…' });
    await dialog.getByLabel('New intent name').fill(NEW_INTENT);
    await screenshot(operator, 'console-06-correction-dialog');
    await dialog.getByRole('button', { name: 'Save correction' }).click();
    await message.getByText(`Intent corrected to ${NEW_INTENT}`).waitFor();

    const stored = await withDatabase(stack.database.url, async (db) => {
      const audit = await db.query<{ to_label: string; email: string }>(
        `SELECT c.to_label, o.email FROM label_corrections c JOIN operators o ON o.id = c.operator_id
         JOIN messages m ON m.id = c.message_id WHERE m.text = $1`,
        [UNKNOWN_QUESTION],
      );
      const examples = await db.query<{ label: string; source: string }>(
        `SELECT label, source FROM training_examples WHERE text = $1 AND task = 'intent'`,
        [UNKNOWN_QUESTION],
      );
      return { audit: audit.rows, examples: examples.rows };
    });
    assert.deepEqual(stored.audit, [{ to_label: NEW_INTENT, email: seed.admin.email }]);
    assert.deepEqual(stored.examples, [{ label: NEW_INTENT, source: 'correction' }]);
    await screenshot(operator, 'console-07-corrected');

    await operator.getByRole('button', { name: 'Hand back to bot' }).click();
    await chat(customer)
      .getByText(/back|bot/i)
      .last()
      .waitFor();
  });

  test('domain editor: the new intent gets examples from a file and an answer', async () => {
    await operator.getByRole('link', { name: 'Domain' }).click();
    await operator.getByLabel('File (JSONL or CSV)').setInputFiles({
      name: 'opening-hours.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(NEW_INTENT_FILE),
    });
    await operator.getByRole('button', { name: 'Import' }).click();
    await operator.getByText(/Imported 10, skipped 0 duplicates/).waitFor();

    await operator
      .getByRole('list', { name: 'Intents' })
      .getByRole('link', { name: new RegExp(NEW_INTENT) })
      .click();
    await operator.getByRole('textbox', { name: 'Answer', exact: true }).fill(NEW_ANSWER);
    await operator.getByRole('button', { name: 'Save intent' }).click();
    await operator.getByText('Saved.').waitFor();
    await screenshot(operator, 'console-08-domain-editor');
  });

  test('retrain → live progress → report → promote → the bot answers with the new model', async () => {
    await operator.getByRole('link', { name: 'Models' }).click();
    firstVersion = await liveVersion();
    await operator.getByRole('button', { name: 'Retrain', exact: true }).click();
    const progress = operator.getByRole('progressbar', { name: 'Training progress' });
    await progress.waitFor();
    const seen: number[] = [];
    await until(
      async () => {
        const now = Number((await progress.getAttribute('aria-valuenow').catch(() => null)) ?? NaN);
        if (Number.isFinite(now) && seen.at(-1) !== now) seen.push(now);
        return (await operator.getByRole('button', { name: 'Promote' }).count()) > 0;
      },
      'the training job finishes and its report shows',
      120_000,
    );
    assert.ok(seen.length >= 2, `the progress bar moved live (saw ${seen.join(', ')})`);
    assert.deepEqual(
      seen,
      [...seen].sort((a, b) => a - b),
      'progress never goes back',
    );
    await operator
      .getByText(/macro-F1/i)
      .first()
      .waitFor();
    await operator.locator('[title^="True opening_hours, predicted"]').first().waitFor();
    await screenshot(operator, 'console-09-evaluation-report');

    // The live model has never heard of the new intent, so the candidate beats it on the held-out set.
    await operator.getByRole('button', { name: 'Promote' }).click();
    await until(async () => (await liveVersion()) !== firstVersion, 'the candidate goes live');
    await screenshot(operator, 'console-10-promoted');

    await say('when do you open on saturday');
    await chat(customer).getByText(NEW_ANSWER).waitFor();
    await screenshot(customer, 'console-11-customer-gets-new-answer');
  });

  test('one click rolls back to the earlier model, and the bot no longer knows the new intent', async () => {
    await operator.getByRole('link', { name: 'Models' }).click();
    await operator.getByRole('button', { name: `Roll back to ${firstVersion}` }).click();
    await operator.getByRole('dialog').getByRole('button', { name: 'Confirm roll back' }).click();
    await until(async () => (await liveVersion()) === firstVersion, 'the first model serves again');
    await operator.getByText(`Live version: ${firstVersion}`).waitFor();
    await screenshot(operator, 'console-11b-rolled-back');

    const botReplies = () => chat(customer).locator('.msg.bot').count();
    const before = await botReplies();
    await say('when do you open on saturday');
    await until(async () => (await botReplies()) > before, 'the bot answers');
    assert.equal(await chat(customer).getByText(NEW_ANSWER).count(), 1, 'only the answer given before the rollback');
  });

  test('try it: the live model and another version answer the same messages side by side, and nothing is stored', async () => {
    const { other, messages } = await withDatabase(stack.database.url, async (db) => {
      const versions = await db.query<{ version: string }>('SELECT version FROM model_versions WHERE bot_id = $1 AND version <> $2', [
        seed.botId,
        firstVersion,
      ]);
      const count = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages');
      return { other: versions.rows[0]!.version, messages: count.rows[0]!.n };
    });
    await operator.getByRole('link', { name: 'Models' }).click();
    await operator.getByLabel('Messages to try (one per line)').fill('where is my order\nwhen do you open on saturday');
    await operator.getByLabel('Compare with').selectOption(other);
    await operator.getByRole('button', { name: 'Try it' }).click();
    const results = operator.getByRole('table', { name: 'What the bot would answer' });
    const row = (text: string) => results.getByRole('row').filter({ has: operator.getByRole('rowheader', { name: text }) });
    // The version that knows opening hours answers them; the live one (rolled back to) does not.
    await row('when do you open on saturday').getByText(NEW_ANSWER).waitFor();
    assert.equal(await row('when do you open on saturday').getByText(NEW_ANSWER).count(), 1);
    assert.equal(await row('when do you open on saturday').getByText('Changed').count(), 1);
    assert.equal(await row('where is my order').getByText(TRACK_ANSWER).count(), 2, 'both versions answer a tracking question');
    await results.getByRole('columnheader', { name: `Live model ${firstVersion}` }).waitFor();
    await results.getByRole('columnheader', { name: `Version ${other}` }).waitFor();
    await results.scrollIntoViewIfNeeded();
    await screenshot(operator, 'console-11c-try-it');
    const after = await withDatabase(
      stack.database.url,
      async (db) => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM messages')).rows[0]!.n,
    );
    assert.equal(after, messages);
  });

  test('an agent sees the models but cannot retrain or promote', async () => {
    const agent = await newPage(consoleUrl());
    await logIn(agent, seed.agent);
    await agent.getByRole('link', { name: 'Models' }).click();
    await agent.getByRole('heading', { name: 'Version history' }).waitFor();
    assert.equal(await agent.getByRole('button', { name: 'Retrain', exact: true }).count(), 0);
    assert.equal(await agent.getByRole('button', { name: 'Roll back' }).count(), 0);
    await agent.getByRole('button', { name: 'Try it' }).waitFor();
    await screenshot(agent, 'console-12-agent-models');
  });

  test('analytics counts the day’s conversation and messages, per model version', async () => {
    const stored = await withDatabase(stack.database.url, async (db) => {
      const { rows } = await db.query<{ messages: number }>(
        `SELECT count(*)::int AS messages FROM messages m JOIN conversations c ON c.id = m.conversation_id
         WHERE c.bot_id = $1 AND m.kind = 'message'`,
        [seed.botId],
      );
      return rows[0]!.messages;
    });
    await operator.getByRole('link', { name: 'Analytics' }).click();
    await operator.getByText(`1 conversation and ${stored} messages in the period.`).waitFor();
    await operator.locator('.recharts-surface').first().waitFor();
    await screenshot(operator, 'console-13-analytics');
  });

  test('accessibility basics: every control on every page has a name, and dialogs work by keyboard', async () => {
    for (const link of ['Inbox', 'Review', 'Domain', 'Models', 'Analytics']) {
      await operator.getByRole('link', { name: link, exact: true }).click();
      await operator
        .getByRole('heading', { level: 1 })
        .or(operator.getByRole('tab', { name: 'With the bot' }))
        .first()
        .waitFor();
      const unnamed = await operator.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('input, select, textarea, button, a[href]')]
          .filter((element) => element.offsetParent !== null || element === document.activeElement)
          .filter((element) => {
            const control = element as HTMLInputElement;
            const named = element.getAttribute('aria-label') || element.getAttribute('aria-labelledby') || element.title;
            return !named && !(control.labels && control.labels.length > 0) && !element.textContent?.trim();
          })
          .map((element) => element.outerHTML.slice(0, 120)),
      );
      assert.deepEqual(unnamed, [], `${link}: controls without an accessible name`);
    }

    // The correction dialog: opened from the keyboard, closed with Escape, focus back on the chip.
    await operator.getByRole('link', { name: 'Inbox', exact: true }).click();
    await operator.getByRole('tab', { name: 'With the bot' }).click();
    await operator.locator('.inbox-row a').first().click();
    const chip = customerMessage('where is my order').getByRole('button', { name: /^Intent: / });
    await chip.focus();
    await operator.keyboard.press('Enter');
    const dialog = operator.getByRole('dialog', { name: 'Correct the intent' });
    await dialog.waitFor();
    assert.equal(await dialog.getAttribute('aria-modal'), 'true');
    assert.equal(await dialog.evaluate((node) => node.contains(document.activeElement)), true, 'focus moves into the dialog');
    await operator.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await chip.evaluate((node) => node === document.activeElement), true, 'focus returns to the chip');
  });

  test('a handoff notifies the operators, counts as unread, and waits in its tab', async () => {
    const second = await newPage(stack.host.url());
    await second.getByRole('button', { name: 'Open chat' }).click();
    const input = chat(second).getByRole('textbox');
    await input.fill('I want to talk to a real human');
    await input.press('Enter');

    await operator
      .getByRole('status', { name: 'Notifications' })
      .getByText(/A customer is waiting for a person/)
      .waitFor();
    await until(async () => /^\(\d+\) /.test(await operator.title()), 'the unread count shows in the title');
    await operator.getByRole('tab', { name: 'Waiting' }).click();
    const waiting = operator.locator('.inbox-row');
    await until(async () => (await waiting.count()) === 1, 'the one waiting conversation is listed');
    assert.match(await waiting.innerText(), /Waiting/);
    await screenshot(operator, 'console-14-handoff-waiting');
  });

  test('bot texts: an admin edits the Chinese handoff text and an intent’s Chinese answer; a customer writing Chinese gets the text', async () => {
    const handoffText = '好的，Acme 的客服同事马上为您服务，请稍等。';
    await operator.getByRole('link', { name: 'Domain', exact: true }).click();
    const section = operator.getByRole('region', { name: 'Bot texts & small talk' });
    await section.getByRole('radio', { name: '中文' }).check();
    const handoff = section.getByLabel('Handoff', { exact: true });
    assert.match(await handoff.inputValue(), /人工客服/, 'the built-in Chinese text to start with');
    await handoff.fill(handoffText);
    await section.getByRole('button', { name: 'Save texts' }).click();
    await section.getByText(/^Saved\./).waitFor();
    assert.equal(await section.getByRole('button', { name: 'Reset “Handoff” to default' }).isEnabled(), true);
    await section.scrollIntoViewIfNeeded();
    await screenshot(operator, 'console-15-bot-texts');

    await operator
      .getByRole('list', { name: 'Intents' })
      .getByRole('link', { name: new RegExp(NEW_INTENT) })
      .click();
    // Collapsed until opened: most intents are written in English first.
    const chineseForm = operator.locator('details', { hasText: 'Chinese (中文)' });
    assert.equal(await chineseForm.getByLabel('Chinese answer').isVisible(), false);
    await chineseForm.locator('summary').click();
    await chineseForm.getByLabel('Chinese answer').fill('我们每天九点到十七点营业，周日也营业。');
    await chineseForm.getByRole('button', { name: 'Save Chinese' }).click();
    await chineseForm.getByText('Saved.', { exact: true }).waitFor();
    await screenshot(operator, 'console-16-intent-chinese');
    const config = await withDatabase(stack.database.url, async (db) => {
      const { rows } = await db.query<{ config: { locales: { zh: Record<string, unknown> } } }>('SELECT config FROM bots WHERE id = $1', [
        seed.botId,
      ]);
      return rows[0]!.config;
    });
    assert.deepEqual(config.locales.zh.texts, { handoff: handoffText });
    assert.deepEqual(config.locales.zh.answers, { [NEW_INTENT]: { text: '我们每天九点到十七点营业，周日也营业。' } });

    // Asking for a person in Chinese is a handoff whatever the model: the bot answers with the edited Chinese text.
    const chinese = await newPage(stack.host.url());
    await chinese.getByRole('button', { name: 'Open chat' }).click();
    const input = chat(chinese).getByRole('textbox');
    await input.fill('请帮我转人工客服');
    await input.press('Enter');
    await chat(chinese).getByText(handoffText).waitFor();
    await screenshot(chinese, 'console-17-customer-chinese-handoff');
  });

  test('a logout elsewhere ends this tab’s live connection and sends it to the login form, without a reload', async () => {
    const session = (await operator.context().cookies()).find((cookie) => cookie.name === 'parley_session');
    assert.ok(session, 'the console is logged in by its cookie');
    // As another tab or a script would: the same session, logged out over the API.
    const logout = await fetch(`${stack.bot.url}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.value}` },
    });
    assert.equal(logout.status, 204);
    await operator.getByRole('button', { name: 'Log in' }).waitFor({ timeout: 10_000 });
    await screenshot(operator, 'console-18-logged-out-elsewhere');
  });

  test('no page error or CSP violation anywhere', () => {
    assert.deepEqual(stack.problems, []);
  });
});
