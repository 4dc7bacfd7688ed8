import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { freePort, startBotProcess, type BotProcess } from './bot-process.ts';
import { startHostPage, type HostPage } from './host-page.ts';
import { throwawayDatabase, type ThrowawayDatabase } from './throwaway-database.ts';

/**
 * What every browser suite runs against: a throwaway PostgreSQL database seeded by the suite, a bot server process
 * on it, a customer's site of another origin embedding the widget, and Chromium.
 */
export interface E2eStack<Seed> {
  database: ThrowawayDatabase;
  host: HostPage;
  browser: Browser;
  seed: Seed;
  /** The server process; startBot replaces it. */
  readonly bot: BotProcess;
  /** Starts the server again, on the same port and database, after `bot.stop()`. */
  startBot(): Promise<void>;
  /** Uncaught exceptions and CSP violations on any page newPage opened: no page may cause either. */
  problems: string[];
  /** A page in a context of its own (its own cookies and storage), at `url`. */
  newPage(url: string, options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function startE2eStack<Seed extends { publicKey: string }>(options: {
  seed: (databaseUrl: string, hostOrigin: string) => Promise<Seed>;
  /** More set-up to run alongside the database, the host page and the browser (a console build). */
  alongside?: () => Promise<void>;
}): Promise<E2eStack<Seed>> {
  const port = await freePort();
  let bot: BotProcess | undefined;
  let publicKey = '';
  const [database, host, browser] = await Promise.all([
    throwawayDatabase(),
    startHostPage({ botUrl: () => bot!.url, botKey: () => publicKey }),
    launchChromium(),
    options.alongside?.(),
  ]);
  const seed = await options.seed(database.url, host.origin);
  publicKey = seed.publicKey;
  const start = () => startBotProcess({ databaseUrl: database.url, port });
  bot = await start();
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];
  return {
    database,
    host,
    browser,
    seed,
    get bot() {
      return bot!;
    },
    problems,
    async startBot() {
      bot = await start();
    },
    async newPage(url, contextOptions = {}) {
      // No animations: geometry and screenshots are taken at once.
      const context = await browser.newContext({ reducedMotion: 'reduce', ...contextOptions });
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (/Content.Security.Policy/i.test(message.text())) problems.push(`csp: ${message.text()}`);
      });
      await page.goto(url);
      return page;
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close();
      await bot!.stop();
      await host.close();
      await database.drop();
    },
  };
}
