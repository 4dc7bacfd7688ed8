import * as z from 'zod';
import { resolveAdapterOptions, type AdapterOptions } from './adapter-options.ts';
import type { ChannelAdapter, InboundMessage, InboundRequest, OutboundMessage } from './channel.ts';
import type { ChannelSetup } from './config.ts';
import { headerValue, parseJsonBody } from './inbound.ts';
import { callProvider, isSuccessStatus, verdictFromStatus, type ProviderResponse, type ProviderVerdict } from './provider-call.ts';
import { formatWebhookSignature, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.ts';

/** What a caller POSTs to us: one customer message, or a press on one of our quick replies. */
export const webhookInboundSchema = z
  .object({
    eventId: z.string().min(1).max(200),
    userId: z.string().min(1).max(200),
    text: z.string().optional(),
    quickReplyValue: z.string().optional(),
    displayName: z.string().max(200).optional(),
  })
  .refine((body) => body.text !== undefined || body.quickReplyValue !== undefined, { message: 'text or quickReplyValue is required' });
export type WebhookInbound = z.infer<typeof webhookInboundSchema>;

/** What we POST to the caller's URL for each reply. */
export interface WebhookOutbound {
  id: string;
  address: string;
  text: string;
  quickReplies: { label: string; value: string }[];
  /** ISO 8601, when the reply was first attempted; the same on every retry. */
  sentAt: string;
}

export function createWebhookAdapter({ settings, secrets }: ChannelSetup<'webhook'>, options?: AdapterOptions): ChannelAdapter {
  const resolved = resolveAdapterOptions(options);
  return {
    kind: 'webhook',
    receive(request: InboundRequest, now = new Date()) {
      verifyWebhookSignature(headerValue(request, WEBHOOK_SIGNATURE_HEADER), secrets.secret, request.rawBody, now);
      const body = parseJsonBody(request.rawBody, webhookInboundSchema, 'webhook event');
      const message: InboundMessage = {
        kind: 'webhook',
        eventId: body.eventId,
        userId: body.userId,
        address: body.userId,
        text: body.text ?? body.quickReplyValue ?? '',
        ...(body.quickReplyValue === undefined ? {} : { quickReplyValue: body.quickReplyValue }),
        ...(body.displayName === undefined ? {} : { displayName: body.displayName }),
      };
      return { type: 'messages', messages: [message] };
    },
    async send(outbound: OutboundMessage, signal?: AbortSignal) {
      const payload: WebhookOutbound = {
        id: outbound.id,
        address: outbound.address,
        text: outbound.text,
        quickReplies: outbound.quickReplies ?? [],
        sentAt: new Date().toISOString(),
      };
      const body = JSON.stringify(payload);
      const { attempts } = await callProvider(
        {
          label: 'webhook delivery',
          url: settings.url,
          request: () => ({
            headers: {
              [WEBHOOK_SIGNATURE_HEADER]: formatWebhookSignature(secrets.secret, body, Math.floor(Date.now() / 1000)),
              'idempotency-key': outbound.id,
            },
            body,
          }),
          secrets: [secrets.secret],
          judge: judgeWebhookAnswer,
        },
        resolved,
        signal,
      );
      return { attempts };
    },
  };
}

/** Any 2xx is delivered; the receiver's body is not ours to interpret. */
function judgeWebhookAnswer(response: ProviderResponse): ProviderVerdict<undefined> {
  return isSuccessStatus(response.status) ? { outcome: 'delivered', value: undefined } : verdictFromStatus(response, 'receiver refused');
}
