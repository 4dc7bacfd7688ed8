import type { AppContext } from '../app/context.ts';
import { channelWebhookRouter } from './channel-webhook-route.ts';
import { InboundProcessor } from './inbound-processor.ts';
import { OutboundDispatcher } from './outbound-dispatcher.ts';
import type { Router } from 'express';

/** Inbound processing and outbound delivery for every channel of this server, wired to the conversation engine. */
export class ChannelRuntime {
  readonly inbound: InboundProcessor;
  readonly outbound: OutboundDispatcher;
  readonly router: Router;

  constructor(ctx: AppContext) {
    this.inbound = new InboundProcessor(ctx, ctx.channels);
    this.outbound = new OutboundDispatcher(ctx.db, ctx.channels, ctx.logger, ctx.metrics);
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
