/**
 * The console's knowledge base end to end, on one bot server process: an admin uploads a Markdown file, sees it
 * indexed, reads its chunks, asks a question and sees the ranked passages and a cited answer (and an honest "no
 * answer" for a question it does not cover); a bot answer from the knowledge base lists its sources as links in
 * the transcript; in a conversation taken over, "Suggest reply" puts the answer with its source into the reply
 * box; finally the documents are deleted through their confirm dialog.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, until } from './support/browser.ts';
import { buildConsole } from './support/console-build.ts';
import { seedConsoleBot, type ConsoleSeed } from './support/console-seed.ts';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { withDatabase } from './support/seed-bot.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '@parley/bot/testing';

const TITLE = 'Returns policy';
const RETURNS_MD = `# ${TITLE}

You can return any item within 30 days of delivery for a full refund. Items must be unused and in their original
packaging. Start a return under My orders, print the prepaid label and drop the parcel at any post office.

## Damaged items

When an item arrived damaged, send us a photo within 14 days and we replace it or pay the return shipping.

## Exchanges

To exchange an item for another size or colour, return it and place a new order: exchanges are not done in place.
`;
const QUESTION = 'how many days do I have to return an item?';
/** A document added through the API with the web address its citations link to. */
const REFUNDS = {
  title: 'Refund times',
  url: 'https://shop.test/help/refunds',
  content: `# Refund times

Refunds reach your card within 5 business days after the warehouse receives your parcel. A refund to a gift card
is immediate. Bank transfers can take up to 10 business days, depending on your bank.
`,
};
const REFUND_QUESTION = 'when will my refund reach my card?';
/** A first message the tiny model answers itself, so the conversation stays with the bot. */
const OPENING_WORDS = 'where is my order';
const UNRELATED = 'what is the capital of france';
/** Embedding a document loads the encoder on first use: the first upload and ask may take a while. */
const INDEXING_MS = 120_000;

describe('console knowledge base', () => {
  let stack: E2eStack<ConsoleSeed>;
  let seed: ConsoleSeed;
  let operator: Page;
  let customer: Page;
  /** The bot's language model service: a loopback fake that speaks OpenAI chat completions. */
  let llm: FakeOpenAiServer;

  before(async () => {
    stack = await startE2eStack({
      seed: async (databaseUrl, hostOrigin) => {
        const seeded = await seedConsoleBot(databaseUrl, [hostOrigin]);
        // The tiny model answers refund questions itself; listing the intent lets the knowledge base answer them.
        await withDatabase(databaseUrl, (db) =>
          db.query(`UPDATE bots SET config = jsonb_set(config, '{knowledgeIntents}', '["get_refund"]') WHERE id = $1`, [seeded.botId]),
        );
        return seeded;
      },
      alongside: async () => {
        [llm] = await Promise.all([startFakeOpenAiServer(), buildConsole()]);
      },
    });
    seed = stack.seed;
  });

  after(async () => {
    await stack?.close();
    await llm?.close();
  });

  const chat = () => customer.getByRole('dialog', { name: 'Chat with us' });
  const documents = () => operator.getByRole('table', { name: 'Documents' });
  const documentRow = () => documents().getByRole('row').filter({ hasText: TITLE });

  test('an admin finds an empty knowledge base that says what to do', async () => {
    operator = await stack.newPage(`${stack.bot.url}/console/knowledge`, { viewport: { width: 1280, height: 900 } });
    await operator.getByLabel('Email').fill(seed.admin.email);
    await operator.getByLabel('Password').fill(seed.admin.password);
    await operator.getByRole('button', { name: 'Log in' }).click();
    // Back where the login interrupted: the Knowledge page, which the navigation marks as current.
    await operator.getByRole('heading', { name: 'Knowledge', level: 1 }).waitFor();
    await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge', exact: true }).waitFor();
    await operator.getByText(/No documents yet\. Upload your help articles/).waitFor();
    await operator.getByText(/No sites are crawled/).waitFor();
    await screenshot(operator, 'console-knowledge-01-empty');
  });

  test('uploading a Markdown file indexes it into chunks', async () => {
    await operator
      .getByLabel('Choose files')
      .setInputFiles({ name: 'returns.md', mimeType: 'text/markdown', buffer: Buffer.from(RETURNS_MD) });
    const upload = operator.getByRole('list', { name: 'Uploads' }).getByRole('listitem').filter({ hasText: 'returns.md' });
    await upload.getByText('Indexed').waitFor({ timeout: INDEXING_MS });
    await documentRow().waitFor();
    const cells = await documentRow().getByRole('cell').allInnerTexts();
    assert.match(cells[0]!, /^Indexed/);
    const chunkCount = Number(cells[1]);
    assert.ok(chunkCount >= 1, `chunks: ${cells[1]}`);
    assert.equal(cells[2], 'Upload');
    await screenshot(operator, 'console-knowledge-02-indexed');

    await operator.getByRole('button', { name: `Chunks of ${TITLE}` }).click();
    const viewer = operator.getByRole('dialog', { name: `Chunks of “${TITLE}”` });
    const chunks = viewer.getByRole('list', { name: 'Chunks' }).getByRole('listitem');
    await chunks.first().waitFor();
    assert.equal(await chunks.count(), chunkCount);
    assert.match((await chunks.allInnerTexts()).join('\n'), /within 30 days of delivery/);
    await screenshot(operator, 'console-knowledge-03-chunks');
    await viewer.getByRole('button', { name: 'Cancel' }).click();
    await viewer.waitFor({ state: 'hidden' });
  });

  test('asking shows the ranked passages with their scores, then the cited answer', async () => {
    await operator.getByLabel('Question').fill(QUESTION);
    await operator.getByRole('button', { name: 'Ask', exact: true }).click();
    const passages = operator.getByRole('table', { name: 'Retrieved passages, best first' });
    await passages.waitFor({ timeout: INDEXING_MS });
    const best = passages.getByRole('row').nth(1);
    const cells = await best.getByRole('cell').allInnerTexts();
    assert.equal(cells[0], '1');
    assert.match(cells[1]!, new RegExp(`^${TITLE}`));
    assert.match(cells[2]!, /^(0|1)\.\d\d ✓$/, `the best passage clears the threshold: ${cells[2]}`);
    assert.match(cells[3]!, /^\d\.\d{4}$/);
    assert.match(cells[4]!, /^(#\d+ \(|—)/, `dense rank: ${cells[4]}`);
    assert.match(cells[5]!, /^Full text (#\d+ \(|—)/, `lexical rank: ${cells[5]}`);
    await operator.getByText(/^Answered in \d+ ms .* confidence of at least \d\.\d\d$/).waitFor();

    const answer = operator.locator('.ask-answer');
    assert.match(await answer.innerText(), /30 days/);
    // An uploaded file has no web address: its citation is its title, not a link.
    const sources = answer.getByRole('list', { name: 'Sources' });
    assert.deepEqual(await sources.getByRole('listitem').allInnerTexts(), [TITLE]);
    assert.equal(await sources.getByRole('link').count(), 0);
    await screenshot(operator, 'console-knowledge-04-answer');

    await operator.getByLabel('Question').fill(UNRELATED);
    await operator.getByRole('button', { name: 'Ask', exact: true }).click();
    await operator.getByText('The knowledge base does not answer this; the bot would fall back or hand off.').waitFor();
    assert.equal(await operator.locator('.ask-answer').count(), 0);
    assert.equal(await operator.locator('.ask-panel [role=alert]').count(), 0, 'no error beside the answer');
  });

  test('a bot answer from the knowledge base lists its sources as links under it in the transcript', async () => {
    // Through the API with the console's own session, for the one thing the upload form has no field for: a URL.
    const added = await operator.request.post(`${stack.bot.url}/api/v1/bots/${seed.botId}/knowledge/documents`, {
      headers: { Origin: stack.bot.url },
      data: { title: REFUNDS.title, url: REFUNDS.url, mediaType: 'text/markdown', content: REFUNDS.content },
    });
    assert.equal(added.status(), 201, await added.text());

    customer = await stack.newPage(stack.host.url());
    await customer.getByRole('button', { name: 'Open chat' }).click();
    await chat().getByRole('textbox').fill(REFUND_QUESTION);
    await chat().getByRole('textbox').press('Enter');

    await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await operator.getByRole('link', { name: /refund reach my card/ }).click();
    const botMessage = operator
      .getByRole('list', { name: 'Transcript' })
      .getByRole('listitem')
      .filter({ has: operator.getByRole('list', { name: 'Sources' }) });
    await botMessage.waitFor({ timeout: INDEXING_MS });
    assert.match(await botMessage.innerText(), /5 business days/);
    const link = botMessage.getByRole('link', { name: REFUNDS.title });
    assert.equal(await link.getAttribute('href'), REFUNDS.url);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    await screenshot(operator, 'console-knowledge-05-cited-bot-answer');
  });

  test('copilot: in a conversation taken over, "Suggest reply" fills the reply box with the answer and its source', async () => {
    await operator.getByRole('button', { name: 'Take over' }).click();
    await operator.getByRole('button', { name: 'Suggest reply' }).click();
    const reply = operator.getByLabel('Reply');
    await until(
      async () => (await reply.inputValue()).includes(`[1] ${REFUNDS.title} — ${REFUNDS.url}`),
      'the suggestion fills the reply box',
    );
    const suggested = await reply.inputValue();
    assert.match(suggested, /5 business days/);
    await screenshot(operator, 'console-knowledge-06-suggested-reply');

    // Editable before sending: the operator's words go out, not the raw suggestion.
    await reply.fill(`Lea here: ${suggested}`);
    await reply.press('Enter');
    await chat()
      .getByText(/^Lea here: /)
      .waitFor();
  });

  test('deleting documents asks first, then empties the knowledge base', async () => {
    await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge' }).click();
    for (const title of [TITLE, REFUNDS.title]) {
      await operator.getByRole('button', { name: `Delete ${title}` }).click();
      const confirm = operator.getByRole('dialog', { name: 'Delete this document?' });
      await confirm.getByRole('button', { name: 'Delete document' }).click();
      await confirm.waitFor({ state: 'hidden' });
    }
    await operator.getByText(/No documents yet\./).waitFor();

    await operator.getByLabel('Question').fill(QUESTION);
    await operator.getByRole('button', { name: 'Ask', exact: true }).click();
    await operator.getByText('The knowledge base does not answer this; the bot would fall back or hand off.').waitFor();
    await operator.getByText('No passage matched at all. Is anything indexed yet?').waitFor();
    assert.deepEqual(stack.problems, []);
  });

  test('crawl sources: adding a URL lists it and follows its crawl; it re-syncs on demand and deletes after a confirm', async () => {
    // The crawler refuses loopback addresses: this source's crawl ends, and the list says how.
    const url = stack.host.url();
    await operator.getByLabel('URL', { exact: true }).fill(url);
    await operator.getByLabel('What to fetch').selectOption('sitemap');
    await operator.getByLabel('Page limit').fill('5');
    await operator.getByLabel('Re-sync').selectOption({ label: 'Daily' });
    await operator.getByRole('button', { name: 'Add source' }).click();
    const sources = operator.getByRole('table', { name: 'Crawl sources' });
    const row = sources.getByRole('row').filter({ hasText: url });
    await row.waitFor();
    assert.match(await row.getByRole('rowheader').innerText(), /\(Sitemap, up to 5 pages\)/);
    const status = async () => (await row.getByRole('cell').first().innerText()).trim();
    await until(async () => /^(Synced|Failed)/.test(await status()), 'the crawl ends and the list follows it', INDEXING_MS);
    assert.match(await status(), /^Failed\s[\s\S]*private network/, 'the reason is shown with the status');
    await screenshot(operator, 'console-knowledge-07-crawl-source');

    const [synced] = await Promise.all([
      operator.waitForResponse((response) => response.request().method() === 'POST' && response.url().endsWith('/sync')),
      row.getByRole('button', { name: `Re-sync ${url} now` }).click(),
    ]);
    assert.equal(synced.status(), 202);
    await until(async () => /^(Synced|Failed)/.test(await status()), 'the re-sync ends', INDEXING_MS);
    assert.equal(await row.getByRole('alert').count(), 0);

    await row.getByRole('button', { name: `Delete ${url}` }).click();
    await operator
      .getByRole('dialog', { name: 'Delete this source?' })
      .getByRole('button', { name: 'Delete source and its documents' })
      .click();
    await operator.getByText(/No sites are crawled/).waitFor();
  });

  test('settings: an admin sets the language model from a preset, tests it, and sees its tokens and cost', async () => {
    await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await operator.getByText('No language model: the bot answers extractively.').waitFor();
    await operator.getByText('No language model calls in this range.').waitFor();

    const form = operator.getByRole('form', { name: 'Language model settings' });
    await form.getByLabel('Service', { exact: true }).selectOption({ label: 'Ollama (this machine)' });
    assert.equal(await form.getByLabel('Base URL', { exact: true }).inputValue(), 'http://localhost:11434/v1');
    // The fake service stands in for a real one: another base URL, a model with a list price, a key.
    await form.getByLabel('Base URL', { exact: true }).fill(llm.baseUrl);
    assert.equal(await form.getByLabel('Service', { exact: true }).inputValue(), '', 'a URL of no preset reads as "Other"');
    await form.getByLabel('Model', { exact: true }).fill('gpt-4o-mini');
    await form.getByLabel('API key', { exact: true }).fill(llm.apiKey);
    await form.getByLabel('Daily token quota', { exact: true }).fill('100000');
    await form.getByRole('button', { name: 'Save language model' }).click();
    await operator.getByText(`Answers with gpt-4o-mini at ${llm.baseUrl}`).waitFor();
    await form.getByText(`A key is set, ends in …${llm.apiKey.slice(-4)}.`).waitFor();
    assert.equal(await form.getByLabel('API key', { exact: true }).inputValue(), '', 'the key is write-only');
    assert.equal(await form.getByLabel('Daily token quota', { exact: true }).inputValue(), '100000');
    await form.getByText(/Built-in price of gpt-4o-mini: \$0\.15 in, \$0\.6 out per 1M tokens/).waitFor();

    llm.script({ reply: 'answer', tokens: ['The test word is ', 'ready.'], usage: { promptTokens: 1200, completionTokens: 30 } });
    await operator.getByRole('button', { name: 'Test the saved settings' }).click();
    await operator.getByText(/^gpt-4o-mini answered in \d+ ms: “The test word is ready\.”$/).waitFor();
    assert.equal(llm.requests.at(-1)?.authorization, `Bearer ${llm.apiKey}`);
    await screenshot(operator, 'console-knowledge-08-llm-settings');

    // The test call is metered: its tokens and cost show under usage at once.
    const byModel = operator.getByRole('table', { name: 'Language model by model' });
    const row = byModel.getByRole('row').filter({ hasText: 'gpt-4o-mini' });
    await row.waitFor();
    const cells = await row.getByRole('cell').allInnerTexts();
    assert.deepEqual(cells.slice(0, 3), ['1', '1,200', '30']);
    assert.match(cells[3]!, /^\$0\.000\d+$/, `cost: ${cells[3]}`);
    await operator.getByRole('table', { name: 'Language model by day' }).getByRole('row').filter({ hasText: 'gpt-4o-mini' }).waitFor();
    await screenshot(operator, 'console-knowledge-09-usage');
  });

  test('with a language model, the answer streams into the open transcript as a draft, then the cited message replaces it', async () => {
    const added = await operator.request.post(`${stack.bot.url}/api/v1/bots/${seed.botId}/knowledge/documents`, {
      headers: { Origin: stack.bot.url },
      data: { title: REFUNDS.title, url: REFUNDS.url, mediaType: 'text/markdown', content: REFUNDS.content },
    });
    assert.equal(added.status(), 201, await added.text());

    // A conversation the operator already has open, so the draft has somewhere to show.
    customer = await stack.newPage(stack.host.url());
    await customer.getByRole('button', { name: 'Open chat' }).click();
    await chat().getByRole('textbox').fill(OPENING_WORDS);
    await chat().getByRole('textbox').press('Enter');
    await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await operator.getByRole('link', { name: new RegExp(OPENING_WORDS) }).click();
    const transcript = operator.getByRole('list', { name: 'Transcript' });
    await transcript.getByText(OPENING_WORDS, { exact: true }).waitFor();

    llm.script({ reply: 'answer', tokens: ['Refunds reach ', 'your card within ', '5 business days [1].'], tokenDelayMs: 1_500 });
    await chat().getByRole('textbox').fill(REFUND_QUESTION);
    await chat().getByRole('textbox').press('Enter');
    const draft = transcript.locator('.draft');
    await draft.getByText(/^Refunds reach/).waitFor({ timeout: INDEXING_MS });
    assert.match(await draft.innerText(), /writing…/);
    await screenshot(operator, 'console-knowledge-10-draft');

    const answer = transcript.getByRole('listitem').filter({ hasText: 'Refunds reach your card within 5 business days [1].' });
    await answer.getByRole('link', { name: REFUNDS.title }).waitFor();
    await draft.waitFor({ state: 'detached' });
    assert.equal(await transcript.getByText(/^Refunds reach/).count(), 1, 'the message replaced its draft');
  });

  test('removing the language model asks first', async () => {
    await operator.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await operator.getByRole('button', { name: 'Remove language model' }).click();
    await operator.getByRole('dialog', { name: 'Remove the language model?' }).getByRole('button', { name: 'Remove' }).click();
    await operator.getByText('No language model: the bot answers extractively.').waitFor();
    assert.deepEqual(stack.problems, []);
  });
});
