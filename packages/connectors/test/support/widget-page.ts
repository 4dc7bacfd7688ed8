import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AnswerDraftEvent, CustomerConversationEvent } from '@parley/protocol';

const WIDGET_DIR = fileURLToPath(new URL('../../src/widget/', import.meta.url));

/**
 * The widget's real view, opened on a blank page, with its message list in reach of the test: what ChatClient
 * would hand it is handed straight in, so each rendering rule is checked without a bot server. Written as
 * browser source for esbuild (the test's own tsconfig has no DOM types).
 */
const HARNESS = `
import { WidgetView } from './widget-view.ts';
import { pickStrings } from './strings.ts';
const { lang, strings } = pickStrings('en');
const noop = () => {};
const view = new WidgetView(
  { botKey: 'pk_test', serverOrigin: location.origin, lang, strings, title: strings.title, startOpen: true },
  { send: noop, typing: noop, handoff: async () => true, openChanged: noop, retry: noop, quickReply: noop },
);
view.mount();
view.open();
window.harness = {
  event: (event, live) => view.messages.showEvent(event, live),
  draft: (event) => view.messages.showDraft(event),
  outgoing: (message) => view.messages.showOutgoing(message),
  reset: () => view.messages.clear(),
  announced: () => view.messages.announcer.textContent,
};
`;

/** What the harness puts on `window`, as the test calls it through `page.evaluate`. */
export interface WidgetHarness {
  event(event: CustomerConversationEvent, live: boolean): boolean;
  draft(event: AnswerDraftEvent): boolean;
  outgoing(message: { clientMessageId: string; text: string; state: 'queued' | 'in-flight' | 'failed' }): void;
  reset(): void;
  announced(): string;
}

let harnessCode: Promise<string> | undefined;

function bundleHarness(): Promise<string> {
  harnessCode ??= build({
    stdin: { contents: HARNESS, resolveDir: WIDGET_DIR, sourcefile: 'harness.ts', loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    conditions: ['@parley/source'],
  }).then((result) => result.outputFiles[0]!.text);
  return harnessCode;
}

/** Debian's Chromium, as the end-to-end tests use it (PARLEY_CHROMIUM to point elsewhere). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
}

/** A fresh page with the open widget; `beforeLoad` runs first (a fake clock must be installed before the timers). */
export async function openWidgetPage(
  browser: Browser,
  beforeLoad?: (page: Page) => Promise<void>,
): Promise<{ page: Page; errors: Error[] }> {
  const page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  await beforeLoad?.(page);
  await page.setContent('<!doctype html><html lang="en"><head><title>shop</title></head><body></body></html>');
  await page.addScriptTag({ content: await bundleHarness() });
  return { page, errors };
}

/** What ChatClient's listener would do with a logged event; true for a message from the bot or an operator. */
export const showEvent = (page: Page, event: CustomerConversationEvent, live = true) =>
  page.evaluate(([e, l]) => (globalThis as unknown as { harness: WidgetHarness }).harness.event(e, l), [event, live] as const);

/** An `answer:draft` delta; true when it started a new bubble. */
export const showDraft = (page: Page, event: AnswerDraftEvent) =>
  page.evaluate((e) => (globalThis as unknown as { harness: WidgetHarness }).harness.draft(e), event);

export const showOutgoing = (page: Page, message: Parameters<WidgetHarness['outgoing']>[0]) =>
  page.evaluate((m) => (globalThis as unknown as { harness: WidgetHarness }).harness.outgoing(m), message);

export const resetChat = (page: Page) => page.evaluate(() => (globalThis as unknown as { harness: WidgetHarness }).harness.reset());

/** What the polite live region says now. */
export const announced = (page: Page) => page.evaluate(() => (globalThis as unknown as { harness: WidgetHarness }).harness.announced());
