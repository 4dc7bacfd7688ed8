import type { InboundRequest } from '../channels/channel.ts';

/** An HTTP request as a provider would send it to our webhook URL, body already serialised and signed. */
export interface ProviderDelivery {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  query: Record<string, string>;
  body: string;
}

export interface DeliveryResponse {
  status: number;
  contentType: string | null;
  body: string;
}

/** POSTs (or GETs) a delivery to `url` over real HTTP, as the provider would. */
export async function deliver(url: string, delivery: ProviderDelivery, signal?: AbortSignal): Promise<DeliveryResponse> {
  const target = new URL(url);
  for (const [key, value] of Object.entries(delivery.query)) target.searchParams.set(key, value);
  const response = await fetch(target, {
    method: delivery.method,
    headers: delivery.headers,
    ...(delivery.method === 'POST' ? { body: delivery.body } : {}),
    ...(signal ? { signal } : {}),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

/** The same delivery as an InboundRequest, to call an adapter's receive without a server. */
export function toInboundRequest(delivery: ProviderDelivery): InboundRequest {
  const headers = Object.fromEntries(Object.entries(delivery.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method: delivery.method, headers, query: { ...delivery.query }, rawBody: Buffer.from(delivery.body, 'utf8') };
}

/** A JSON POST of an already serialised body (signatures cover these exact bytes). */
export function jsonPost(rawBody: string, headers: Record<string, string>): ProviderDelivery {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, query: {}, body: rawBody };
}

let counter = 0;
/** Distinct ids for event builders, so two built events never look like a redelivery. */
export function nextFixtureId(): number {
  counter += 1;
  return counter;
}
