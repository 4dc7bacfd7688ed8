import robotsParserModule from 'robots-parser';
import { CRAWLER_USER_AGENT, decodeText, fetchResource, FetchSkip, type FetchLimits } from './crawl-fetch.ts';

// A CommonJS package whose declarations read as ESM: Node hands over the function itself as the default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;
type Robot = ReturnType<typeof robotsParser>;

/** A site's robots.txt read once per crawl and origin. */
export class RobotsRules {
  readonly #byOrigin = new Map<string, Promise<Robot | 'allow-all' | 'deny-all'>>();
  readonly #limits: FetchLimits;

  constructor(limits: FetchLimits) {
    this.#limits = limits;
  }

  /** A reason for people when robots.txt keeps ParleyBot from `url`; undefined when it may be fetched. */
  async refusal(url: string): Promise<string | undefined> {
    const origin = new URL(url).origin;
    let rules = this.#byOrigin.get(origin);
    if (!rules) {
      rules = this.#load(origin);
      this.#byOrigin.set(origin, rules);
    }
    const robot = await rules;
    if (robot === 'allow-all') return undefined;
    if (robot === 'deny-all') return 'robots.txt could not be read (the site answered with an error), so nothing is crawled';
    return robot.isAllowed(url, CRAWLER_USER_AGENT) === false ? 'disallowed by robots.txt' : undefined;
  }

  /**
   * As search engines read it: a missing robots.txt (4xx) allows everything; one that cannot be fetched (5xx, a
   * timeout) means the site may be in trouble, so nothing is crawled this time.
   */
  async #load(origin: string): Promise<Robot | 'allow-all' | 'deny-all'> {
    const robotsUrl = `${origin}/robots.txt`;
    try {
      const resource = await fetchResource(robotsUrl, { ...this.#limits, maxBytes: 512 * 1024, checkHop: async () => undefined });
      return robotsParser(resource.url, decodeText(resource));
    } catch (error) {
      if (!(error instanceof FetchSkip)) throw error;
      if (/^HTTP 4\d\d$/.test(error.message) && error.message !== 'HTTP 429') return 'allow-all';
      if (error.message.startsWith('larger than')) return 'allow-all';
      return 'deny-all';
    }
  }
}
