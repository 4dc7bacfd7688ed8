/** Command-line and environment options of the bot load benchmark. */
import { parseArgs } from 'node:util';

export type DbKind = 'pglite' | 'postgres';

export interface BenchOptions {
  clients: number;
  /** Seconds of measured closed-loop load, after the warm-up. */
  seconds: number;
  /** Seconds of load before the window, so that JIT warm-up and the first model calls are not measured. */
  warmupSeconds: number;
  /** Each client stops after this many messages (0: no cap, the window alone ends the run). */
  messagesPerClient: number;
  /** Ramp-up: `rampBatch` sockets every `rampEveryMs` ms. */
  rampBatch: number;
  rampEveryMs: number;
  /** Mean pause between a reply and the client's next message; each pause is uniform in [0.5, 1.5] × this. */
  thinkMs: number;
  /** How long lost replies are waited for after the window closes. */
  drainSeconds: number;
  db: DbKind;
  /** Admin URL of the PostgreSQL server; the benchmark makes and drops its own database there. */
  postgresUrl: string;
  /** Appends a reference number to every text so the server's embedding cache cannot answer from memory. */
  uniqueTexts: boolean;
  /** Runs the server with --cpu-prof and prints where its time went. */
  profile: boolean;
  rebuildTemplate: boolean;
  /** bench/results/<name>.json */
  resultName: string;
  /** Also drive a bare Socket.IO echo server with the same clients: the ceiling Parley is compared with. */
  echo: boolean;
  /** Smoke mode: a few clients for a couple of seconds (the defaults below, each still overridable). */
  quick: boolean;
}

const HELP = `Usage: npm run bench:bot -- [options]
  --clients N            concurrent customers (default 1000; env BENCH_CLIENTS)
  --seconds S            measured window (default 20; env BENCH_SECONDS)
  --warmup S             unmeasured load before the window (default 3)
  --messages M           cap per client (default 0 = until the window ends)
  --ramp N/MS            open N sockets every MS ms (default 100/100)
  --think MS             mean think time between reply and next message (default 1000)
  --drain S              wait up to this long for outstanding replies after the window (default 60)
  --db pglite|postgres   database (default pglite; env BENCH_DB)
  --postgres-url URL     admin URL (default env DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --repeat-texts         send the demo texts verbatim (lets the embedding cache hit)
  --profile              run the server with --cpu-prof and summarise it
  --rebuild-template     retrain the cached demo data instead of reusing it
  --name NAME            result file bench/results/NAME.json (default bot)
  --skip-echo            do not run the bare Socket.IO echo server (the limit) after Parley
  --quick                smoke run in seconds: 20 clients, 2 s window, 1 s warm-up, 10 s drain, a demo bot
                         trained on 8 examples a label (PARLEY_DEMO_DATA_DIR)`;

function positive(name: string, raw: string | undefined, fallback: number, allowZero = false): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new Error(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${raw}`);
  return value;
}

export function parseOptions(argv = process.argv.slice(2), env = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      clients: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      messages: { type: 'string' },
      ramp: { type: 'string' },
      think: { type: 'string' },
      drain: { type: 'string' },
      db: { type: 'string' },
      'postgres-url': { type: 'string' },
      'repeat-texts': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'rebuild-template': { type: 'boolean', default: false },
      name: { type: 'string' },
      'skip-echo': { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const db = values.db ?? env.BENCH_DB ?? 'pglite';
  if (db !== 'pglite' && db !== 'postgres') throw new Error(`--db must be pglite or postgres, got ${db}`);
  const quick = values.quick;
  const [rampBatch, rampEveryMs] = (values.ramp ?? '100/100').split('/');
  return {
    clients: Math.round(positive('clients', values.clients ?? (quick ? undefined : env.BENCH_CLIENTS), quick ? 20 : 1000)),
    seconds: positive('seconds', values.seconds ?? (quick ? undefined : env.BENCH_SECONDS), quick ? 2 : 20),
    warmupSeconds: positive('warmup', values.warmup, quick ? 1 : 3, true),
    messagesPerClient: Math.round(positive('messages', values.messages, 0, true)),
    rampBatch: Math.round(positive('ramp', rampBatch, 100)),
    rampEveryMs: positive('ramp', rampEveryMs, 100, true),
    thinkMs: positive('think', values.think, 1000, true),
    drainSeconds: positive('drain', values.drain, quick ? 10 : 60, true),
    db,
    postgresUrl: values['postgres-url'] ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    uniqueTexts: !values['repeat-texts'],
    profile: values.profile,
    rebuildTemplate: values['rebuild-template'],
    resultName: values.name ?? (quick ? `bot-quick-${db}` : db === 'pglite' ? 'bot' : `bot-${db}`),
    echo: !values['skip-echo'],
    quick,
  };
}
