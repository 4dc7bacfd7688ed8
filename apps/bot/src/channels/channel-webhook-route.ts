import { ChannelRequestError, type InboundRequest } from '@parley/connectors';
import express, { type Request, type Router } from 'express';
import type { AppContext } from '../app/context.ts';
import { sendError } from '../http/error-response.ts';
import { MAX_PAYLOAD_BYTES } from '../server/create-server.ts';
import type { ChannelAdapters } from './channel-adapters.ts';
import { recordInboundEvents } from '../db/channel-event-store.ts';
import type { InboundProcessor } from './inbound-processor.ts';

/** The path providers are configured to call, one per channel. */
export const channelWebhookPath = (channelId: string): string => `/channels/${channelId}`;

const toInboundRequest = (req: Request): InboundRequest => ({
  method: req.method,
  headers: req.headers,
  query: Object.fromEntries(Object.entries(req.query).map(([key, value]) => [key, typeof value === 'string' ? value : undefined])),
  rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
});

/**
 * Provider webhooks: verify, store the new events, answer 200 at once (Slack retries after 3 s, Telegram backs
 * off on slow hooks), then process in the background. Logs name the channel and the reason only: query strings
 * (WhatsApp's verify token) and headers (signatures) never reach a log line.
 */
export function channelWebhookRouter(ctx: AppContext, adapters: ChannelAdapters, inbound: InboundProcessor): Router {
  const router = express.Router();
  // Raw bytes for every content type: signatures cover the exact body, and Slack's interactivity is form-encoded.
  router.all('/channels/:channelId', express.raw({ type: () => true, limit: MAX_PAYLOAD_BYTES }), async (req, res) => {
    const channelId = String(req.params.channelId);
    const log = ctx.logger.child({ channelId });
    let kind = 'unknown';
    try {
      if (req.method !== 'GET' && req.method !== 'POST') {
        res.setHeader('Allow', 'GET, POST');
        return sendError(res, 405, 'invalid_payload', 'use GET or POST');
      }
      const live = await adapters.get(channelId);
      if (!live) return sendError(res, 404, 'not_found', 'no such channel');
      kind = live.channel.kind;
      const result = live.adapter.receive(toInboundRequest(req));
      if (result.type === 'challenge') {
        res.status(result.status).type(result.contentType).send(result.body);
        return;
      }
      const fresh = await recordInboundEvents(ctx.db, channelId, result.messages);
      const duplicates = result.messages.length - fresh.length;
      if (duplicates > 0) ctx.metrics.channelEvents.inc({ kind: live.channel.kind, outcome: 'duplicate' }, duplicates);
      res.status(200).json({ ok: true });
      inbound.accept(fresh);
    } catch (error) {
      if (error instanceof ChannelRequestError) {
        log.warn({ code: error.code, reason: error.message }, 'channel request refused');
        ctx.metrics.channelEvents.inc({ kind, outcome: 'rejected' });
        return sendError(res, error.status, error.status === 400 ? 'invalid_payload' : 'unauthorized', error.message);
      }
      log.error({ err: error, method: req.method }, 'channel webhook failed');
      // A 500 makes the provider redeliver later; nothing was acknowledged, so nothing is lost.
      if (!res.headersSent) sendError(res, 500, 'internal', 'the server failed to handle this request');
    }
  });
  return router;
}
