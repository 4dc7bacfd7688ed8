import * as z from 'zod';
import { bearerToken, startFakeProvider, type FakeProvider, type FakeReply, type ProviderFailureKind } from './fake-provider.ts';

export const FAKE_SLACK_BOT_TOKEN = 'xoxb-fake-slack-token';

export interface FakeSlack extends FakeProvider {
  /** Use as the channel's settings.apiBase: `{origin}/api`. */
  apiBase: string;
  botToken: string;
}

const plainText = (max: number) => z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(max) });
const button = z.object({
  type: z.literal('button'),
  text: plainText(75),
  value: z.string().max(2000).optional(),
  action_id: z.string().max(255),
});
const block = z.discriminatedUnion('type', [
  z.object({ type: z.literal('section'), text: z.object({ type: z.enum(['plain_text', 'mrkdwn']), text: z.string().min(1).max(3000) }) }),
  z.object({ type: z.literal('actions'), block_id: z.string().optional(), elements: z.array(button).min(1).max(25) }),
]);
const postMessage = z.object({ channel: z.string(), text: z.string().optional(), blocks: z.array(block).max(50).optional() });

/** The Web API's chat.postMessage with a Bearer bot token, answering as Slack does: HTTP 200 with `ok`. */
export async function startFakeSlack(options: { botToken?: string } = {}): Promise<FakeSlack> {
  const botToken = options.botToken ?? FAKE_SLACK_BOT_TOKEN;
  let nextTs = 1;
  const provider = await startFakeProvider({
    failure: slackFailure,
    handle(request, record) {
      const token = bearerToken(request);
      if (token === undefined) return slackError('not_authed');
      if (token !== botToken) return slackError('invalid_auth');
      if (request.path !== '/api/chat.postMessage') return { status: 404, body: 'Not Found' };
      if (typeof request.body !== 'object' || request.body === null || !('channel' in request.body)) return slackError('channel_not_found');
      const parsed = postMessage.safeParse(request.body);
      if (!parsed.success) return slackError('invalid_blocks');
      const { channel, text, blocks = [] } = parsed.data;
      if (!text && blocks.length === 0) return slackError('no_text');
      const ts = `1700000000.${String(nextTs++).padStart(6, '0')}`;
      const buttons = blocks
        .flatMap((b) => (b.type === 'actions' ? b.elements : []))
        .map((e) => ({ label: e.text.text, value: e.value ?? '' }));
      record({ address: channel, text: text ?? '', buttons, providerMessageId: ts });
      return { status: 200, body: { ok: true, channel, ts, message: { type: 'message', text, ts, bot_id: 'B0FAKE' } } };
    },
  });
  return Object.assign(provider, { apiBase: `${provider.origin}/api`, botToken });
}

function slackError(error: string): FakeReply {
  return { status: 200, body: { ok: false, error } };
}

function slackFailure(kind: ProviderFailureKind, { retryAfterSeconds = 1 }: { retryAfterSeconds?: number }): FakeReply {
  switch (kind) {
    case 'rate_limit':
      return { status: 429, headers: { 'retry-after': String(retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } };
    case 'server_error':
      return { status: 503, body: 'Service Unavailable' };
    case 'unauthorized':
      return slackError('invalid_auth');
    case 'bad_request':
      return slackError('channel_not_found');
  }
}
