import { parseArgs } from 'node:util';

export interface AbuseOptions {
  smoke: boolean;
  /** `demo`: the trained demo data dir (bench:bot's cached template); `tiny`: a fresh PGlite seeded with the tests' tiny model. */
  model: 'demo' | 'tiny';
  /** Concurrent anonymous clients posting large bodies. */
  attackers: number;
  /** Size of each attacker's body, in bytes. */
  bodyBytes: number;
  /** Sequential classify calls per phase. */
  calls: number;
  /**
   * Least time between the starts of two classify calls. One API key may make 20 calls a second
   * (API_KEY_REQUESTS_PER_SECOND); faster, the idle phase would measure the key's 429s instead of the model.
   */
  callEveryMs: number;
  /** Attack time before classify is measured, so the measurement sees a server already under attack. */
  rampSeconds: number;
  /** The attack phase ends after `calls` calls or this long, whichever comes first (a call in flight finishes). */
  attackSeconds: number;
  /** A classify or /healthz call slower than this is abandoned and counted at this time. */
  callTimeoutSeconds: number;
  rebuildTemplate: boolean;
}

const USAGE = `npm run bench:abuse [-- options]
  --smoke                a few seconds: 2 attackers, 20 calls, the tiny model
  --model demo|tiny      the server's bot (default demo; tiny with --smoke)
  --attackers N          concurrent anonymous uploaders (16)
  --body-bytes N         bytes per upload (5100000: just under the import route's 5 MiB limit)
  --calls N              classify calls per phase (200)
  --attack-seconds N     longest attack phase (60)
  --rebuild-template     retrain the cached demo data dir`;

export function parseOptions(argv = process.argv.slice(2)): AbuseOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      model: { type: 'string' },
      attackers: { type: 'string' },
      'body-bytes': { type: 'string' },
      calls: { type: 'string' },
      'attack-seconds': { type: 'string' },
      'rebuild-template': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const smoke = values.smoke;
  const number = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer\n${USAGE}`);
    return n;
  };
  const model = values.model ?? (smoke ? 'tiny' : 'demo');
  if (model !== 'demo' && model !== 'tiny') throw new Error(`--model must be demo or tiny\n${USAGE}`);
  return {
    smoke,
    model,
    attackers: number('attackers', values.attackers, smoke ? 2 : 16),
    bodyBytes: number('body-bytes', values['body-bytes'], 5_100_000),
    calls: number('calls', values.calls, smoke ? 20 : 200),
    callEveryMs: 75,
    rampSeconds: smoke ? 1 : 5,
    attackSeconds: number('attack-seconds', values['attack-seconds'], smoke ? 4 : 60),
    callTimeoutSeconds: smoke ? 10 : 30,
    rebuildTemplate: values['rebuild-template'],
  };
}
