import { LIMITS } from '@parley/protocol';
import type { AppContext } from '../app/context.ts';
import { ActionError } from '../conversation/action-error.ts';
import { customerTurn } from '../conversation/customer-turn.ts';
import {
  finishInboundEvent,
  pendingInboundEvents,
  pendingInboundEventsOf,
  pinEventConversation,
  type InboundEvent,
} from '../db/channel-event-store.ts';
import { findConversationRecord } from '../db/conversation-record-store.ts';
import { findMessageOfferingValue } from '../db/message-store.ts';
import type { ChannelAdapters } from './channel-adapters.ts';
import { channelConversation, channelVisitor } from './channel-customer.ts';
import type { InboundJobData, WorkQueue } from '../queue/work-queue.ts';
import { RetryTimer } from './retry-timer.ts';

/** Attempts before an event is marked failed (an operator can still find it in channel_events). */
export const MAX_INBOUND_ATTEMPTS = 5;
const RETRY_DELAY_MS = 5_000;
const SWEEP_BATCH = 200;

/**
 * Runs stored inbound channel events through the conversation engine, each customer's in arrival order. Events
 * were stored before the provider got its answer, so a crash loses none: `sweep` picks up what is pending. A
 * retry is idempotent: the event id is the message's client id, and the conversation is pinned on first try.
 *
 * Each stored event enqueues "process the pending events of this customer", keyed by the customer: the queue
 * never runs one key twice at once (BullMQ has no per-key order in its open-source version), and the order
 * comes from the database, so a duplicate or folded job is harmless.
 */
export class InboundProcessor {
  readonly #retry = new RetryTimer(() => void this.sweep());
  #stopped = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly adapters: ChannelAdapters,
    private readonly queue: WorkQueue<InboundJobData>,
    work = true,
  ) {
    if (work) queue.work((job) => this.#processPending(job));
  }

  /** Queues freshly stored events; the caller has already answered the provider. */
  accept(events: readonly InboundEvent[]): void {
    for (const event of events) void this.#enqueue(event);
  }

  /** Queues every pending event (left by a crash or a lost enqueue, or due a retry). */
  async sweep(): Promise<void> {
    if (this.#stopped) return;
    const pending = await pendingInboundEvents(this.ctx.db, SWEEP_BATCH);
    await Promise.all(pending.map((event) => this.#enqueue(event)));
  }

  /** Resolves when everything queued so far has been processed. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  stop(): void {
    this.#stopped = true;
    this.#retry.stop();
  }

  async #enqueue(event: InboundEvent): Promise<void> {
    const { channelId, eventId, attempts } = event;
    const { userId } = event.message;
    try {
      // The id is the event's (and its attempt's): the same event queued twice runs once.
      await this.queue.add({ channelId, userId }, { id: `${channelId}/${eventId}/${attempts}`, key: `${channelId}/${userId}` });
    } catch (err) {
      // Stored, so not lost: a later sweep queues it again.
      this.ctx.logger.error({ err, channelId, eventId }, 'queuing a channel event failed');
      this.#retry.schedule(RETRY_DELAY_MS);
    }
  }

  /** One customer's pending events, oldest first; each is tried once per run (a failed one waits for its retry). */
  async #processPending({ channelId, userId }: InboundJobData): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      const events = (await pendingInboundEventsOf(this.ctx.db, channelId, userId, SWEEP_BATCH)).filter(
        (event) => !tried.has(event.eventId),
      );
      if (events.length === 0) return;
      for (const event of events) {
        tried.add(event.eventId);
        await this.#handle(event).catch((error: unknown) => this.#failed(event, error));
      }
    }
  }

  async #handle(event: InboundEvent): Promise<void> {
    const { db } = this.ctx;
    const live = await this.adapters.get(event.channelId);
    if (!live) {
      await finishInboundEvent(db, event, { status: 'failed', error: 'channel disabled or misconfigured' });
      return;
    }
    const { channel, adapter } = live;
    const { message } = event;
    const visitorId = await channelVisitor(db, channel, message);
    const pinned = event.conversationId ? await findConversationRecord(db, event.conversationId) : undefined;
    const conversation = pinned ?? (await channelConversation(db, channel, visitorId, message.address));
    if (!pinned) await pinEventConversation(db, event, conversation.id);
    const offeredBy = message.quickReplyValue ? await findMessageOfferingValue(db, conversation.id, message.quickReplyValue) : undefined;
    await customerTurn(
      this.ctx,
      { botId: channel.botId, visitorId },
      {
        conversationId: conversation.id,
        clientMessageId: `channel:${event.eventId}`,
        text: (message.text || message.quickReplyValue || '').slice(0, LIMITS.text),
        ...(offeredBy ? { quickReply: { messageId: offeredBy, value: message.quickReplyValue! } } : {}),
      },
    );
    await finishInboundEvent(db, event, { status: 'done' });
    this.ctx.metrics.channelEvents.inc({ kind: channel.kind, outcome: 'processed' });
    await adapter
      .confirm?.(message)
      .catch((err: unknown) => this.ctx.logger.warn({ err, channelId: channel.id }, 'channel confirm failed'));
  }

  async #failed(event: InboundEvent, error: unknown): Promise<void> {
    // A refused action (the text is empty, say) will be refused again: no point retrying it.
    const final = error instanceof ActionError || event.attempts + 1 >= MAX_INBOUND_ATTEMPTS;
    const reason = error instanceof Error ? error.message : String(error);
    this.ctx.logger.warn({ err: error, channelId: event.channelId, eventId: event.eventId, final }, 'channel event failed');
    this.ctx.metrics.channelEvents.inc({ kind: event.message.kind, outcome: final ? 'failed' : 'retrying' });
    await finishInboundEvent(this.ctx.db, event, { status: final ? 'failed' : 'pending', error: reason }).catch((err: unknown) =>
      this.ctx.logger.error({ err, eventId: event.eventId }, 'could not record a channel event failure'),
    );
    if (!final) this.#retry.schedule(RETRY_DELAY_MS * 2 ** event.attempts);
  }
}
