import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { z } from 'zod';
import { watchOutages } from './open-redis.ts';

const idSchema = z.string().min(1).max(200);

/** What one node tells the others about state they hold in memory. */
const noticeSchema = z.discriminatedUnion('kind', [
  /** The bot's row changed (config, answers, intents): drop its cached config. */
  z.object({ kind: z.literal('bot-config'), botId: idSchema }),
  /** The bot's language model settings changed: drop them. */
  z.object({ kind: z.literal('bot-llm'), botId: idSchema }),
  /** The bot's live model changed (promotion, rollback): serve the one the database now says is live. */
  z.object({ kind: z.literal('model'), botId: idSchema, version: idSchema }),
]);

const envelopeSchema = z.object({ from: z.string(), notice: noticeSchema });

export type ClusterNotice = z.infer<typeof noticeSchema>;
type Handler<K extends ClusterNotice['kind']> = (notice: Extract<ClusterNotice, { kind: K }>) => void | Promise<void>;

/**
 * Redis pub/sub between the nodes of one deployment, for invalidating in-process caches. Fire and forget: a
 * node that is away when a notice goes out misses it, so each node also resynchronises after its subscription
 * comes back (`onResync`). A node ignores its own notices (it changed its state before sending them). A
 * malformed notice is logged and dropped.
 */
export class ClusterBus {
  readonly #handlers = new Map<string, Array<(notice: ClusterNotice) => void | Promise<void>>>();
  readonly #resync: Array<() => void | Promise<void>> = [];
  readonly #channel: string;

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly nodeId: string,
    private readonly logger: Logger,
  ) {
    this.#channel = `${prefix}:bus`;
  }

  /** Subscribes on a duplicate of `redis` (a subscribed connection can do nothing else). */
  static open(redis: Redis, options: { prefix: string; nodeId: string; logger: Logger }): ClusterBus {
    const subscriber = redis.duplicate();
    watchOutages(subscriber, options.logger, 'bus');
    const bus = new ClusterBus(redis, subscriber, options.prefix, options.nodeId, options.logger);
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel === bus.#channel) bus.#receive(raw);
    });
    // ioredis subscribes again by itself on every reconnect; what was published meanwhile is lost.
    let subscribedOnce = false;
    subscriber.on('ready', () => {
      if (subscribedOnce) bus.#runResync();
    });
    subscriber.subscribe(bus.#channel).then(
      () => (subscribedOnce = true),
      (error: unknown) => options.logger.error({ err: error }, 'cluster bus: subscribing failed'),
    );
    return bus;
  }

  publish(notice: ClusterNotice): void {
    this.redis.publish(this.#channel, JSON.stringify({ from: this.nodeId, notice })).catch((error: unknown) => {
      // The other nodes resynchronise when their link comes back; this node's own state is already current.
      this.logger.warn({ err: error, notice }, 'cluster bus: a notice could not be sent');
    });
  }

  on<K extends ClusterNotice['kind']>(kind: K, handler: Handler<K>): void {
    const list = this.#handlers.get(kind) ?? [];
    list.push(handler as unknown as (notice: ClusterNotice) => void | Promise<void>);
    this.#handlers.set(kind, list);
  }

  /** Runs `handler` when the subscription comes back after an outage: notices sent meanwhile were missed. */
  onResync(handler: () => void | Promise<void>): void {
    this.#resync.push(handler);
  }

  close(): void {
    this.subscriber.disconnect();
  }

  #receive(raw: string): void {
    let envelope: z.infer<typeof envelopeSchema>;
    try {
      envelope = envelopeSchema.parse(JSON.parse(raw));
    } catch (error) {
      this.logger.warn({ err: error }, 'cluster bus: malformed notice dropped');
      return;
    }
    if (envelope.from === this.nodeId) return;
    for (const handler of this.#handlers.get(envelope.notice.kind) ?? []) this.#run(() => handler(envelope.notice), envelope.notice);
  }

  #runResync(): void {
    this.logger.info('cluster bus: subscribed again; reloading what may have changed meanwhile');
    for (const handler of this.#resync) this.#run(handler, 'resync');
  }

  #run(work: () => void | Promise<void>, what: unknown): void {
    Promise.resolve()
      .then(work)
      .catch((error: unknown) => this.logger.error({ err: error, notice: what }, 'cluster bus: handling a notice failed'));
  }
}
