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
import { apiUrl, callProvider, isSuccessStatus, verdictFromStatus, type ProviderResponse, type ProviderVerdict } from './provider-call.ts';
import { hmacSha256Hex, safeEqual } from './signature.ts';
import { truncate } from './truncate.ts';

/**
 * Graph error codes that mean "later": 1 unknown/possibly server, 2 service unavailable, 4 app call limit, 80007
 * account rate limit, 130429 throughput, 131000 something went wrong, 131016 service unavailable, 131056 pair rate
 * limit, 133004 server temporarily unavailable. Everything else (190 expired token, 100 bad parameter, …) is final.
 */
const TRANSIENT_GRAPH_CODES = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131056, 133004]);
/** Cloud API limits: reply buttons (3, title 20, id 256), list (10 rows, title 24, description 72, id 200). */
const REPLY_BUTTONS_MAX = 3;
const BUTTON_TITLE_MAX = 20;
const BUTTON_ID_MAX = 256;
const LIST_ROWS_MAX = 10;
const ROW_TITLE_MAX = 24;
const ROW_DESCRIPTION_MAX = 72;
const ROW_ID_MAX = 200;
const INTERACTIVE_BODY_MAX = 1024;
const LIST_BUTTON_TEXT = 'Options';

const reply = z.object({ id: z.string(), title: z.string() });
const message = z.object({
  from: z.string(),
  id: z.string(),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z.object({ button_reply: reply.optional(), list_reply: reply.optional() }).optional(),
  /** A quick-reply button on a template message. */
  button: z.object({ payload: z.string().optional(), text: z.string() }).optional(),
});
const notification = z.object({
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          value: z.object({
            metadata: z.object({ phone_number_id: z.string() }).optional(),
            contacts: z.array(z.object({ wa_id: z.string().optional(), profile: z.object({ name: z.string() }).optional() })).optional(),
            messages: z.array(message).optional(),
          }),
        }),
      ),
    }),
  ),
});
type ChangeValue = z.infer<typeof notification>['entry'][number]['changes'][number]['value'];
const graphAnswer = z.object({ messages: z.array(z.object({ id: z.string() })).min(1) });
const graphError = z.object({
  error: z.object({ message: z.string().optional(), code: z.number().optional(), is_transient: z.boolean().optional() }),
});

export function createWhatsAppAdapter({ settings, secrets }: ChannelSetup<'whatsapp'>, options?: AdapterOptions): ChannelAdapter {
  const resolved = resolveAdapterOptions(options);
  return {
    kind: 'whatsapp',
    receive(request: InboundRequest) {
      if (request.method.toUpperCase() === 'GET') return answerVerification(request, secrets.verifyToken);
      const expected = `sha256=${hmacSha256Hex(secrets.appSecret, request.rawBody)}`;
      if (!safeEqual(headerValue(request, 'x-hub-signature-256') ?? '', expected)) {
        throw new ChannelRequestError(401, 'bad_signature', 'X-Hub-Signature-256 does not match');
      }
      const { entry } = parseJsonBody(request.rawBody, notification, 'WhatsApp notification');
      const values = entry.flatMap((e) => e.changes.map((change) => change.value));
      // One app can serve several numbers; events for another number belong to another channel.
      const ours = values.filter((value) => value.metadata === undefined || value.metadata.phone_number_id === settings.phoneNumberId);
      return { type: 'messages', messages: ours.flatMap(messagesOf) };
    },
    async send(outbound: OutboundMessage, signal?: AbortSignal) {
      const { value, attempts } = await callProvider(
        {
          label: 'whatsapp messages',
          url: apiUrl(settings.apiBase, settings.phoneNumberId, 'messages'),
          request: () => ({ headers: { authorization: `Bearer ${secrets.accessToken}` }, body: JSON.stringify(messagePayload(outbound)) }),
          secrets: [secrets.accessToken, secrets.appSecret, secrets.verifyToken],
          judge: judgeGraphAnswer,
        },
        resolved,
        signal,
      );
      return { providerMessageId: value, attempts };
    },
  };
}

/** Meta's subscription handshake: echo hub.challenge when hub.verify_token is ours. */
function answerVerification(request: InboundRequest, verifyToken: string): InboundResult {
  const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = request.query;
  if (mode !== 'subscribe' || token === undefined || !safeEqual(token, verifyToken)) {
    throw new ChannelRequestError(403, 'bad_verify_token', 'hub.verify_token does not match');
  }
  if (challenge === undefined) throw new ChannelRequestError(400, 'malformed', 'hub.challenge is missing');
  return { type: 'challenge', status: 200, contentType: 'text/plain', body: challenge };
}

/** Text and reply presses become messages; media, reactions and the like are not handled yet and give none. */
function messagesOf({ messages = [], contacts = [] }: ChangeValue): InboundMessage[] {
  return messages.flatMap((m): InboundMessage[] => {
    const press = m.interactive?.button_reply ?? m.interactive?.list_reply;
    const content =
      m.type === 'text' && m.text !== undefined
        ? { text: m.text.body }
        : m.type === 'interactive' && press !== undefined
          ? { text: press.title, quickReplyValue: press.id }
          : m.type === 'button' && m.button !== undefined
            ? { text: m.button.text, quickReplyValue: m.button.payload ?? m.button.text }
            : undefined;
    if (content === undefined) return [];
    const name = (contacts.find((contact) => contact.wa_id === m.from) ?? contacts[0])?.profile?.name;
    return [
      {
        kind: 'whatsapp',
        eventId: m.id,
        userId: m.from,
        address: m.from,
        ...content,
        ...(name === undefined ? {} : { displayName: name }),
        ...(m.timestamp === undefined ? {} : { sentAt: dateFromUnixSeconds(m.timestamp) }),
      },
    ];
  });
}

/**
 * Plain text without quick replies. With them: reply buttons when there are at most 3 whose labels fit 20
 * characters; otherwise a list (up to 10 rows; a label longer than a row title is cut, and given whole as the
 * row's description). Values too long for an id are left out, since a cut value would come back as another answer.
 */
function messagePayload({ address, text, quickReplies = [] }: OutboundMessage): object {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: address };
  const asButtons = quickReplies.filter(({ value }) => value.length > 0 && value.length <= BUTTON_ID_MAX);
  const asRows = quickReplies.filter(({ value }) => value.length > 0 && value.length <= ROW_ID_MAX).slice(0, LIST_ROWS_MAX);
  if (asRows.length === 0 && asButtons.length === 0) return { ...base, type: 'text', text: { body: text } };
  const body = { text: truncate(text, INTERACTIVE_BODY_MAX) };
  if (asButtons.length <= REPLY_BUTTONS_MAX && asButtons.every(({ label }) => label.length <= BUTTON_TITLE_MAX)) {
    const buttons = asButtons.map(({ label, value }) => ({ type: 'reply', reply: { id: value, title: label } }));
    return { ...base, type: 'interactive', interactive: { type: 'button', body, action: { buttons } } };
  }
  const rows = asRows.map(({ label, value }) => ({
    id: value,
    title: truncate(label, ROW_TITLE_MAX),
    ...(label.length > ROW_TITLE_MAX ? { description: truncate(label, ROW_DESCRIPTION_MAX) } : {}),
  }));
  return { ...base, type: 'interactive', interactive: { type: 'list', body, action: { button: LIST_BUTTON_TEXT, sections: [{ rows }] } } };
}

/** Graph answers `{messages:[{id}]}`, or `{error:{message, type, code, …}}` whose code says whether to retry. */
function judgeGraphAnswer(response: ProviderResponse): ProviderVerdict<string> {
  const sent = graphAnswer.safeParse(response.body);
  if (isSuccessStatus(response.status) && sent.success) return { outcome: 'delivered', value: sent.data.messages[0]!.id };
  const failure = graphError.safeParse(response.body);
  if (!failure.success) return verdictFromStatus(response, 'no Graph answer');
  const { code, message: description = 'no message', is_transient } = failure.data.error;
  const fromStatus = verdictFromStatus(response, `(#${code ?? '?'}) ${description}`);
  // Meta says to go by the code, not the HTTP status (rate limits come as 400, permission errors as 500).
  if (code === undefined) return fromStatus;
  return { ...fromStatus, outcome: TRANSIENT_GRAPH_CODES.has(code) || is_transient === true ? 'transient' : 'permanent' };
}
