import { jsonPost, type ProviderDelivery } from './delivery.ts';
import { unixSeconds, webhookSignature } from './provider-signatures.ts';

export interface WebhookEvent {
  eventId: string;
  userId: string;
  text?: string;
  quickReplyValue?: string;
  displayName?: string;
}

/** An event as a webhook caller sends it, signed at `timestamp` (unix seconds, default now); a string is sent as is. */
export function webhookSignedRequest(event: WebhookEvent | string, secret: string, timestamp = unixSeconds()): ProviderDelivery {
  const rawBody = typeof event === 'string' ? event : JSON.stringify(event);
  return jsonPost(rawBody, { 'x-parley-signature': webhookSignature(rawBody, secret, timestamp) });
}
