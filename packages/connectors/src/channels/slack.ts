import * as z from 'zod';
import { resolveAdapterOptions, type AdapterOptions } from './adapter-options.ts';
import {
  ChannelRequestError,
  type ChannelAdapter,
  type InboundMessage,
  type InboundRequest,
  type InboundResult,
  type OutboundMessage,
} from './channel.ts';
import type { ChannelSetup } from './config.ts';
import { dateFromUnixSeconds, headerValue, parseJsonBody } from './inbound.ts';
import { apiUrl, callProvider, verdictFromStatus, type ProviderResponse, type ProviderVerdict } from './provider-call.ts';
import { truncate } from './truncate.ts';
import { assertFresh, hmacSha256Hex, parseUnixSeconds, safeEqual } from './signature.ts';

/** Slack error codes that say "try again later" rather than "this request is wrong". */
const TRANSIENT_SLACK_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/** Slack's limits on blocks: a button's text, its value, buttons per actions block, a section's text. */
const BUTTON_TEXT_MAX = 75;
const BUTTON_VALUE_MAX = 2000;
const ACTIONS_MAX = 25;
const SECTION_TEXT_MAX = 3000;

const envelopeType = z.object({ type: z.string() });
const urlVerification = z.object({ type: z.literal('url_verification'), challenge: z.string() });
const eventCallback = z.object({
  type: z.literal('event_callback'),
  event_id: z.string(),
  authorizations: z.array(z.object({ user_id: z.string().optional(), is_bot: z.boolean().optional() })).optional(),
  event: z.object({
    type: z.string(),
    user: z.string().optional(),
    text: z.string().optional(),
    channel: z.string().optional(),
    ts: z.string().optional(),
    bot_id: z.string().optional(),
    subtype: z.string().optional(),
  }),
});
const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string(), name: z.string().optional(), username: z.string().optional() }),
  channel: z.object({ id: z.string() }).optional(),
  container: z.object({ channel_id: z.string().optional() }).optional(),
  actions: z.array(
    z.object({
      action_id: z.string(),
      action_ts: z.string(),
      value: z.string().optional(),
      text: z.object({ text: z.string() }).optional(),
    }),
  ),
});
const webApiAnswer = z.object({ ok: z.boolean(), error: z.string().optional(), ts: z.string().optional() });

export function createSlackAdapter({ settings, secrets }: ChannelSetup<'slack'>, options?: AdapterOptions): ChannelAdapter {
  const resolved = resolveAdapterOptions(options);
  return {
    kind: 'slack',
    receive(request: InboundRequest, now = new Date()) {
      verifySlackSignature(request, secrets.signingSecret, now);
      const contentType = headerValue(request, 'content-type') ?? '';
      return contentType.startsWith('application/x-www-form-urlencoded')
        ? receiveInteraction(request.rawBody)
        : receiveEvent(request.rawBody);
    },
    async send(outbound: OutboundMessage, signal?: AbortSignal) {
      const { value, attempts } = await callProvider(
        {
          label: 'slack chat.postMessage',
          url: apiUrl(settings.apiBase, 'chat.postMessage'),
          request: () => ({ headers: { authorization: `Bearer ${secrets.botToken}` }, body: JSON.stringify(postMessagePayload(outbound)) }),
          secrets: [secrets.botToken, secrets.signingSecret],
          judge: judgeSlackAnswer,
        },
        resolved,
        signal,
      );
      return { ...(value === undefined ? {} : { providerMessageId: value }), attempts };
    },
  };
}

/** `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, the timestamp within five minutes. */
function verifySlackSignature(request: InboundRequest, signingSecret: string, now: Date): void {
  const timestamp = parseUnixSeconds(headerValue(request, 'x-slack-request-timestamp'));
  assertFresh(timestamp, now);
  const expected = `v0=${hmacSha256Hex(signingSecret, `v0:${timestamp}:`, request.rawBody)}`;
  if (!safeEqual(headerValue(request, 'x-slack-signature') ?? '', expected)) {
    throw new ChannelRequestError(401, 'bad_signature', 'X-Slack-Signature does not match');
  }
}

function receiveEvent(rawBody: Buffer): InboundResult {
  const { type } = parseJsonBody(rawBody, envelopeType, 'Slack event');
  if (type === 'url_verification') {
    // Slack accepts the challenge back as plain text.
    const { challenge } = parseJsonBody(rawBody, urlVerification, 'Slack url_verification');
    return { type: 'challenge', status: 200, contentType: 'text/plain', body: challenge };
  }
  if (type !== 'event_callback') return { type: 'messages', messages: [] };
  const { event_id, event, authorizations = [] } = parseJsonBody(rawBody, eventCallback, 'Slack event_callback');
  const ownUsers = new Set(authorizations.filter((a) => a.is_bot).map((a) => a.user_id));
  // Edits, joins and bot posts (our own replies included) carry a subtype or bot_id; only a person's message counts.
  const fromPerson = event.type === 'message' && event.subtype === undefined && event.bot_id === undefined && !ownUsers.has(event.user);
  if (!fromPerson || event.user === undefined || event.channel === undefined || !event.text) return { type: 'messages', messages: [] };
  const message: InboundMessage = {
    kind: 'slack',
    eventId: event_id,
    userId: event.user,
    address: event.channel,
    text: event.text,
    ...(event.ts === undefined ? {} : { sentAt: dateFromUnixSeconds(event.ts) }),
  };
  return { type: 'messages', messages: [message] };
}

/** Interactivity arrives form-encoded as `payload=<json>`; only button presses on our quick replies give messages. */
function receiveInteraction(rawBody: Buffer): InboundResult {
  const payload = new URLSearchParams(rawBody.toString('utf8')).get('payload');
  if (payload === null) throw new ChannelRequestError(400, 'malformed', 'Slack interaction has no payload');
  const { type } = parseJsonBody(payload, envelopeType, 'Slack interaction');
  if (type !== 'block_actions') return { type: 'messages', messages: [] };
  const { user, channel, container, actions } = parseJsonBody(payload, blockActions, 'Slack block_actions');
  const address = channel?.id ?? container?.channel_id;
  if (address === undefined) return { type: 'messages', messages: [] };
  const name = user.name ?? user.username;
  const messages = actions.flatMap((action): InboundMessage[] =>
    action.value === undefined
      ? []
      : [
          {
            kind: 'slack',
            // One click is one action_ts for one user; the action id keeps two buttons in one payload apart.
            eventId: `${user.id}:${action.action_id}:${action.action_ts}`,
            userId: user.id,
            address,
            text: action.text?.text ?? action.value,
            quickReplyValue: action.value,
            ...(name === undefined ? {} : { displayName: name }),
            sentAt: dateFromUnixSeconds(action.action_ts),
          },
        ],
  );
  return { type: 'messages', messages };
}

/**
 * Quick replies become a section with the text and an actions block of buttons. Within Slack's limits: labels cut
 * to 75 characters, values over 2,000 left out, at most 25 buttons; `text` stays the notification fallback.
 */
function postMessagePayload({ address, text, quickReplies = [] }: OutboundMessage): object {
  const buttons = quickReplies
    .filter(({ value }) => value.length <= BUTTON_VALUE_MAX)
    .slice(0, ACTIONS_MAX)
    .map(({ label, value }, index) => ({
      type: 'button',
      text: { type: 'plain_text', text: truncate(label, BUTTON_TEXT_MAX) },
      value,
      action_id: `parley_quick_reply_${index}`,
    }));
  if (buttons.length === 0) return { channel: address, text };
  const blocks = [
    { type: 'section', text: { type: 'plain_text', text: truncate(text, SECTION_TEXT_MAX) } },
    { type: 'actions', block_id: 'parley_quick_replies', elements: buttons },
  ];
  return { channel: address, text, blocks };
}

/** Slack answers HTTP 200 `{ok:false, error}` for most failures and HTTP 429 with Retry-After for rate limits. */
function judgeSlackAnswer(response: ProviderResponse): ProviderVerdict<string | undefined> {
  const parsed = webApiAnswer.safeParse(response.body);
  if (response.status !== 200 || !parsed.success) {
    return verdictFromStatus(response, parsed.success ? (parsed.data.error ?? 'error') : 'no Slack answer');
  }
  const { ok, error = 'unknown_error', ts } = parsed.data;
  if (ok) return { outcome: 'delivered', value: ts };
  return { outcome: TRANSIENT_SLACK_ERRORS.has(error) ? 'transient' : 'permanent', reason: error };
}
