import type { AppContext } from '../app/context.ts';
import { channelWebhookRouter } from './channel-webhook-route.ts';
import { InboundProcessor } from './inbound-processor.ts';
import { OutboundDispatcher } from './outbound-dispatcher.ts';
import type { Router } from 'express';

/** Inbound processing and outbound delivery for every channel, through the channel queues, wired to the conversation engine. */
export class ChannelRuntime {
  readonly inbound: InboundProcessor;
  readonly outbound: OutboundDispatcher;
  readonly router: Router;

  /** `work`: this process runs the channel queues' jobs (PARLEY_WORKERS); either way it stores and queues. */
  constructor(ctx: AppContext, options: { work?: boolean } = {}) {
    const work = options.work ?? true;
    this.inbound = new InboundProcessor(ctx, ctx.channels, ctx.queues.inbound, work);
    this.outbound = new OutboundDispatcher(ctx.db, ctx.channels, ctx.logger, ctx.metrics, ctx.queues.outbound, work);
    ctx.publisher.onPublish((conversation, messages) => this.outbound.notify(conversation, messages));
    this.router = channelWebhookRouter(ctx, ctx.channels, this.inbound);
  }

  /** Picks up what a previous process left: events stored but not processed, replies not yet delivered. */
  async resume(): Promise<void> {
    await this.inbound.sweep();
    await this.outbound.sweep();
  }

  /** Resolves when nothing is being processed or delivered (tests, and a graceful stop). */
  async idle(): Promise<void> {
    await this.inbound.idle();
    await this.outbound.idle();
  }

  stop(): void {
    this.inbound.stop();
    this.outbound.stop();
  }
}
