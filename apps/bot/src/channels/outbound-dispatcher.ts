import { ChannelSendError, type OutboundMessage } from '@parley/connectors';
import type { Logger } from 'pino';
import type { Metrics } from '../app/metrics.ts';
import {
  advanceDeliveredSeq,
  conversationsAwaitingDelivery,
  eventsAfter,
  findDeliveryTarget,
  recordDelivery,
} from '../db/channel-delivery-store.ts';
import type { Queryable } from '../db/database.ts';
import type { Message } from '../db/message.ts';
import type { OutboundJobData, WorkQueue } from '../queue/work-queue.ts';
import type { ChannelAdapters, LiveChannel } from './channel-adapters.ts';
import { RetryTimer } from './retry-timer.ts';
import { textWithSources } from './text-with-sources.ts';

const PAGE = 100;
const RETRY_DELAY_MS = 30_000;

/** What a channel customer is sent: what the bot and operators say to them (not status changes or notes). */
const isOutbound = (message: Pick<Message, 'kind' | 'sender'>) =>
  message.kind === 'message' && (message.sender === 'bot' || message.sender === 'operator');

/**
 * Delivers what the bot and operators say in channel conversations to the customer's channel, in log order,
 * each message once. Progress is the conversation's delivered_seq plus one channel_deliveries row per message,
 * both in the database: a restart resumes where delivery stopped (`sweep`), and a message already recorded as
 * sent is never sent again. A crash between the provider accepting a message and the row being written can
 * repeat that one message; the webhook channel carries the message id as Idempotency-Key for exactly that case.
 */
export class OutboundDispatcher {
  readonly #retry = new RetryTimer(() => void this.sweep());
  #stopped = false;

  constructor(
    private readonly db: Queryable,
    private readonly adapters: ChannelAdapters,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
    private readonly queue: WorkQueue<OutboundJobData>,
    work = true,
  ) {
    if (work) queue.work(({ conversationId }) => this.#deliverQueued(conversationId));
  }

  /** Publisher hook: new events were committed in a conversation. */
  notify(conversation: { id: string; channel: string }, messages: readonly Message[]): void {
    if (conversation.channel === 'web' || !messages.some(isOutbound)) return;
    void this.deliver(conversation.id);
  }

  /**
   * Queues delivery of everything not yet delivered in one conversation. Keyed by the conversation: one delivery
   * of it runs at a time, and while one waits to start, more requests fold into it.
   */
  async deliver(conversationId: string): Promise<void> {
    try {
      await this.queue.add({ conversationId }, { key: conversationId });
    } catch (err) {
      // The watermark is in the database: the retry's sweep finds this conversation again.
      this.logger.error({ err, conversationId }, 'queuing a channel delivery failed');
      this.#retry.schedule(RETRY_DELAY_MS);
    }
  }

  /** Resumes delivery in every channel conversation that has undelivered events (after a restart, or a retry). */
  async sweep(): Promise<void> {
    if (this.#stopped) return;
    const ids = await conversationsAwaitingDelivery(this.db, 500);
    await Promise.all(ids.map((id) => this.deliver(id)));
  }

  idle(): Promise<void> {
    return this.queue.idle();
  }

  stop(): void {
    this.#stopped = true;
    this.#retry.stop();
  }

  async #deliverQueued(conversationId: string): Promise<void> {
    try {
      await this.#deliver(conversationId);
    } catch (err) {
      this.logger.error({ err, conversationId }, 'channel delivery failed unexpectedly');
      // A shared queue retries the job with backoff, on any worker; alone, the sweep retries it.
      if (this.queue.shared) throw err;
      this.#retry.schedule(RETRY_DELAY_MS);
    }
  }

  async #deliver(conversationId: string): Promise<void> {
    const conversation = await findDeliveryTarget(this.db, conversationId);
    if (!conversation?.channelId || !conversation.channelAddress) return;
    const { channelAddress } = conversation;
    const live = await this.adapters.get(conversation.channelId);
    if (!live) return; // Disabled: delivery resumes from delivered_seq if it is enabled again.
    // Only this serial lane moves the watermark, so the value read above stays current as the loop advances it.
    let deliveredSeq = conversation.deliveredSeq;
    for (;;) {
      const rows = await eventsAfter(this.db, conversationId, deliveredSeq, PAGE);
      for (const row of rows) {
        if (isOutbound(row) && !row.delivered) {
          const sent = await this.#send(live, conversationId, {
            id: row.id,
            address: channelAddress,
            text: textWithSources(row.text, row.payload?.citations),
            ...(row.payload?.quickReplies?.length
              ? { quickReplies: row.payload.quickReplies.map(({ label, value }) => ({ label, value })) }
              : {}),
          });
          if (!sent) return;
        }
        await advanceDeliveredSeq(this.db, conversationId, row.seq);
        deliveredSeq = row.seq;
      }
      if (rows.length < PAGE) return;
    }
  }

  /** Sends one message and records the outcome; false when delivery should stop here and be retried later. */
  async #send({ channel, adapter }: LiveChannel, conversationId: string, message: OutboundMessage): Promise<boolean> {
    const { id: channelId, kind } = channel;
    try {
      const receipt = await adapter.send(message);
      await this.#record(message.id, channelId, 'sent', receipt.attempts, receipt.providerMessageId ?? null, null);
      this.metrics.channelDeliveries.inc({ kind, outcome: 'sent' });
      return true;
    } catch (error) {
      const permanent = error instanceof ChannelSendError && error.permanent;
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ channelId, conversationId, messageId: message.id, permanent, reason }, 'channel delivery failed');
      if (!permanent) {
        this.metrics.channelDeliveries.inc({ kind, outcome: 'retrying' });
        this.#retry.schedule(RETRY_DELAY_MS);
        return false;
      }
      // Retrying cannot help (the chat is gone, the token revoked): record it and go on with the next message.
      const attempts = error instanceof ChannelSendError ? error.attempts : 1;
      await this.#record(message.id, channelId, 'failed', attempts, null, reason.slice(0, 500));
      this.metrics.channelDeliveries.inc({ kind, outcome: 'failed' });
      return true;
    }
  }

  async #record(
    messageId: string,
    channelId: string,
    status: 'sent' | 'failed',
    attempts: number,
    providerId: string | null,
    error: string | null,
  ) {
    await recordDelivery(this.db, { messageId, channelId, status, attempts, providerMessageId: providerId, error });
  }
}
