import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before } from 'node:test';
import { ChannelRequestError, type ChannelAdapter, type ChannelKind, type InboundMessage } from '../../src/channels/index.ts';
import type { FakeProvider } from '../../src/testing/index.ts';
import { startChannel } from './channel-fixtures.ts';

/** A webhook endpoint as the bot server would run one: raw body in, the adapter's verdict out. */
export interface InboundEndpoint {
  url: string;
  /** Messages the adapter accepted, in order. */
  received: InboundMessage[];
  /** Errors that were not ChannelRequestError: each one is a crash the provider would see as a 500. */
  crashes: unknown[];
  close(): Promise<void>;
}

export async function startInboundEndpoint(adapter: ChannelAdapter, now?: () => Date): Promise<InboundEndpoint> {
  const received: InboundMessage[] = [];
  const crashes: unknown[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      try {
        const result = adapter.receive(
          {
            method: req.method ?? 'GET',
            headers: req.headers,
            query: Object.fromEntries(url.searchParams),
            rawBody: Buffer.concat(chunks),
          },
          now?.(),
        );
        if (result.type === 'challenge') {
          res.writeHead(result.status, { 'content-type': result.contentType }).end(result.body);
          return;
        }
        received.push(...result.messages);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: result.messages.length }));
      } catch (error) {
        if (!(error instanceof ChannelRequestError)) crashes.push(error);
        const status = error instanceof ChannelRequestError ? error.status : 500;
        const code = error instanceof ChannelRequestError ? error.code : 'crash';
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: code }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    crashes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Inside a describe: a fake provider, an adapter against it and an inbound endpoint for it, started before the
 * tests and closed after. The fields are filled once `before` has run.
 */
export function useChannelEndpoint<F extends FakeProvider>(
  kind: ChannelKind,
): { fake: F; adapter: ChannelAdapter; endpoint: InboundEndpoint } {
  const context = {} as { fake: F; adapter: ChannelAdapter; endpoint: InboundEndpoint };
  before(async () => {
    const channel = await startChannel(kind);
    Object.assign(context, { fake: channel.fake as F, adapter: channel.adapter, endpoint: await startInboundEndpoint(channel.adapter) });
  });
  after(async () => {
    await context.endpoint.close();
    await context.fake.close();
  });
  return context;
}
