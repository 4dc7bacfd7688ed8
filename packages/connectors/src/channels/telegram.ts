import * as z from 'zod';
import { resolveAdapterOptions, type AdapterOptions } from './adapter-options.ts';
import { ChannelRequestError, type ChannelAdapter, type InboundMessage, type InboundRequest, type OutboundMessage } from './channel.ts';
import type { ChannelSetup } from './config.ts';
import { dateFromUnixSeconds, headerValue, parseJsonBody } from './inbound.ts';
import { apiUrl, callProvider, isSuccessStatus, verdictFromStatus, type ProviderResponse, type ProviderVerdict } from './provider-call.ts';
import { safeEqual } from './signature.ts';

/** Telegram refuses an inline button whose callback_data is not 1-64 bytes. */
export const TELEGRAM_CALLBACK_DATA_MAX_BYTES = 64;

const user = z.object({ id: z.number(), first_name: z.string().optional(), username: z.string().optional() });
const inlineKeyboard = z.object({
  inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string().optional() }))),
});
const message = z.object({
  message_id: z.number(),
  date: z.number().optional(),
  chat: z.object({ id: z.number() }),
  from: user.optional(),
  text: z.string().optional(),
  reply_markup: inlineKeyboard.optional(),
});
/** The parts of an Update we act on; other update types (edited_message, channel_post, …) pass through unparsed. */
const update = z.object({
  update_id: z.number().int(),
  message: message.optional(),
  callback_query: z.object({ id: z.string(), from: user, message: message.optional(), data: z.string().optional() }).optional(),
});
type TelegramUpdate = z.infer<typeof update>;

const answer = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).optional(),
});
const sentMessage = z.object({ message_id: z.number() });

export function createTelegramAdapter({ settings, secrets }: ChannelSetup<'telegram'>, options?: AdapterOptions): ChannelAdapter {
  const resolved = resolveAdapterOptions(options);
  const callMethod = <T>(method: string, payload: object, result: z.ZodType<T>, signal?: AbortSignal) =>
    callProvider(
      {
        label: `telegram ${method}`,
        // The token as BotFather gave it (the schema keeps it URL-safe): Telegram documents the ':' unescaped.
        url: `${apiUrl(settings.apiBase)}/bot${secrets.botToken}/${method}`,
        request: () => ({ headers: {}, body: JSON.stringify(payload) }),
        secrets: [secrets.botToken, secrets.secretToken],
        judge: (response) => judgeTelegramAnswer(response, result),
      },
      resolved,
      signal,
    );

  return {
    kind: 'telegram',
    receive(request: InboundRequest) {
      const token = headerValue(request, 'x-telegram-bot-api-secret-token');
      if (token === undefined || !safeEqual(token, secrets.secretToken)) {
        throw new ChannelRequestError(401, 'bad_signature', 'missing or wrong X-Telegram-Bot-Api-Secret-Token');
      }
      const parsed = parseJsonBody(request.rawBody, update, 'Telegram update');
      const inbound = messageFromUpdate(parsed);
      return { type: 'messages', messages: inbound ? [inbound] : [] };
    },
    async send(outbound: OutboundMessage, signal?: AbortSignal) {
      const { value, attempts } = await callMethod('sendMessage', sendMessagePayload(outbound), sentMessage, signal);
      return { providerMessageId: String(value.message_id), attempts };
    },
    async confirm(inbound: InboundMessage, signal?: AbortSignal) {
      if (inbound.confirmation === undefined) return;
      await callMethod('answerCallbackQuery', { callback_query_id: inbound.confirmation }, z.unknown(), signal);
    },
    async registerWebhook(url: string, signal?: AbortSignal) {
      const payload = { url, secret_token: secrets.secretToken, allowed_updates: ['message', 'callback_query'] };
      await callMethod('setWebhook', payload, z.unknown(), signal);
    },
  };
}

function messageFromUpdate({ update_id, message, callback_query }: TelegramUpdate): InboundMessage | undefined {
  const eventId = String(update_id);
  if (message?.text !== undefined) {
    return {
      ...fromChat(eventId, message.chat.id, message.from),
      text: message.text,
      ...(message.date === undefined ? {} : { sentAt: dateFromUnixSeconds(message.date) }),
    };
  }
  // A press without the message it belongs to (inline mode) or without data (a game) is not one of our quick replies.
  if (callback_query?.message === undefined || callback_query.data === undefined) return undefined;
  const { data, message: pressedOn } = callback_query;
  const label = pressedOn.reply_markup?.inline_keyboard.flat().find((button) => button.callback_data === data)?.text;
  return {
    ...fromChat(eventId, pressedOn.chat.id, callback_query.from),
    text: label ?? data,
    quickReplyValue: data,
    confirmation: callback_query.id,
  };
}

/** A chat is both who the customer is and where replies go (in a private chat its id is the user's). */
function fromChat(eventId: string, chatId: number, from: z.infer<typeof user> | undefined) {
  const name = from?.first_name ?? from?.username;
  return {
    kind: 'telegram' as const,
    eventId,
    userId: String(chatId),
    address: String(chatId),
    ...(name === undefined ? {} : { displayName: name }),
  };
}

/**
 * One button per row. A quick reply whose value is not 1-64 bytes cannot be a callback_data and is left out, since
 * Telegram refuses the whole message otherwise and a shortened value would come back as a different answer; keep
 * values short (an id, not a sentence).
 */
function sendMessagePayload({ address, text, quickReplies = [] }: OutboundMessage): object {
  const buttons = quickReplies
    .filter(({ value }) => value.length > 0 && Buffer.byteLength(value, 'utf8') <= TELEGRAM_CALLBACK_DATA_MAX_BYTES)
    .map(({ label, value }) => [{ text: label, callback_data: value }]);
  return { chat_id: address, text, ...(buttons.length > 0 ? { reply_markup: { inline_keyboard: buttons } } : {}) };
}

/** Telegram answers `{ok, result}` or `{ok:false, error_code, description, parameters.retry_after}`. */
function judgeTelegramAnswer<T>(response: ProviderResponse, result: z.ZodType<T>): ProviderVerdict<T> {
  const parsed = answer.safeParse(response.body);
  if (!parsed.success) return verdictFromStatus(response, isSuccessStatus(response.status) ? 'unreadable answer' : 'no Telegram answer');
  const { ok, description = 'no description', parameters, error_code } = parsed.data;
  if (ok) {
    const value = result.safeParse(parsed.data.result);
    return value.success ? { outcome: 'delivered', value: value.data } : { outcome: 'permanent', reason: 'unexpected result' };
  }
  const retryAfter = parameters?.retry_after;
  if (retryAfter !== undefined)
    return { outcome: 'transient', reason: `${error_code ?? response.status} ${description}`, retryAfterMs: retryAfter * 1000 };
  return verdictFromStatus({ ...response, status: error_code ?? response.status }, description);
}
