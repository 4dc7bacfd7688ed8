import { timingSafeEqual } from 'node:crypto';
import { startFakeProvider, type FakeProvider, type FakeReply, type ProviderFailureKind, type RecordedRequest } from './fake-provider.ts';
import { unixSeconds, webhookSignature } from './provider-signatures.ts';

export interface FakeWebhookReceiver extends FakeProvider {
  /** Use as the channel's settings.url. */
  url: string;
  /** Idempotency-Key of every delivery that passed the signature check, repeats included. */
  deliveries: string[];
}

/**
 * A customer's endpoint for the generic webhook channel: checks X-Parley-Signature (five minutes' tolerance) and
 * records each message once per Idempotency-Key, as a well-behaved receiver would.
 */
export async function startFakeWebhookReceiver(options: { secret: string }): Promise<FakeWebhookReceiver> {
  const deliveries: string[] = [];
  const provider = await startFakeProvider({
    failure: webhookFailure,
    handle(request, record) {
      if (request.method !== 'POST' || request.path !== '/parley') return { status: 404, body: 'Not Found' };
      if (!signedWith(request, options.secret)) return { status: 401, body: { error: 'bad signature' } };
      const key = request.headers['idempotency-key'];
      if (typeof key !== 'string') return { status: 400, body: { error: 'Idempotency-Key is required' } };
      const {
        address,
        text,
        quickReplies = [],
      } = request.body as { address: string; text: string; quickReplies?: { label: string; value: string }[] };
      if (!deliveries.includes(key)) record({ address, text, buttons: quickReplies, providerMessageId: key });
      deliveries.push(key);
      return { status: 200, body: { received: true } };
    },
  });
  return Object.assign(provider, { url: `${provider.origin}/parley`, deliveries });
}

function signedWith(request: RecordedRequest, secret: string): boolean {
  const header = request.headers['x-parley-signature'];
  const timestamp = Number(/(?:^|,)t=(\d+)/.exec(typeof header === 'string' ? header : '')?.[1]);
  if (!Number.isFinite(timestamp) || Math.abs(unixSeconds() - timestamp) > 300) return false;
  const expected = Buffer.from(webhookSignature(request.rawBody, secret, timestamp));
  const given = Buffer.from(String(header));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function webhookFailure(kind: ProviderFailureKind, { retryAfterSeconds = 1 }: { retryAfterSeconds?: number }): FakeReply {
  switch (kind) {
    case 'rate_limit':
      return { status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: { error: 'slow down' } };
    case 'server_error':
      return { status: 500, body: { error: 'internal error' } };
    case 'unauthorized':
      return { status: 401, body: { error: 'bad signature' } };
    case 'bad_request':
      return { status: 400, body: { error: 'unknown address' } };
  }
}
