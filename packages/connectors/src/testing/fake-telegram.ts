import * as z from 'zod';
import { startFakeProvider, type FakeProvider, type FakeReply, type ProviderFailureKind } from './fake-provider.ts';

export const FAKE_TELEGRAM_BOT_TOKEN = '123456:FAKE-telegram-token';

export interface FakeTelegram extends FakeProvider {
  /** Use as the channel's settings.apiBase. */
  apiBase: string;
  botToken: string;
  /** callback_query_ids answered through answerCallbackQuery. */
  answeredCallbacks: string[];
  /** What setWebhook was last called with. */
  webhook?: { url: string; secretToken?: string };
}

const sendMessage = z.object({
  chat_id: z.union([z.number(), z.string().min(1)]),
  text: z.string().min(1, 'message text is empty').max(4096, 'message is too long'),
  reply_markup: z
    .object({
      inline_keyboard: z.array(
        z.array(
          z.object({
            text: z.string().min(1, 'BUTTON_TEXT_EMPTY'),
            callback_data: z.string().refine((data) => data.length > 0 && Buffer.byteLength(data) <= 64, 'BUTTON_DATA_INVALID'),
          }),
        ),
      ),
    })
    .optional(),
});
const answerCallbackQuery = z.object({ callback_query_id: z.string().min(1) });
const setWebhook = z.object({ url: z.string(), secret_token: z.string().optional() });

/** The Bot API at `{apiBase}/bot{token}/{method}`: sendMessage, answerCallbackQuery and setWebhook, JSON bodies. */
export async function startFakeTelegram(options: { botToken?: string } = {}): Promise<FakeTelegram> {
  const botToken = options.botToken ?? FAKE_TELEGRAM_BOT_TOKEN;
  const answeredCallbacks: string[] = [];
  let nextMessageId = 1;
  const fake: Partial<FakeTelegram> = {};
  const provider = await startFakeProvider({
    failure: telegramFailure,
    handle(request, record) {
      const [, bot, method] = request.path.split('/').map(decodeURIComponent);
      if (bot !== `bot${botToken}`) return telegramError(401, 'Unauthorized');
      if (method === 'sendMessage') {
        const parsed = sendMessage.safeParse(request.body);
        if (!parsed.success) return telegramError(400, `Bad Request: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        const { chat_id, text, reply_markup } = parsed.data;
        const message_id = nextMessageId++;
        const buttons = (reply_markup?.inline_keyboard ?? []).flat().map((b) => ({ label: b.text, value: b.callback_data }));
        record({ address: String(chat_id), text, buttons, providerMessageId: String(message_id) });
        return telegramOk({ message_id, date: Math.floor(Date.now() / 1000), chat: { id: Number(chat_id) }, text });
      }
      if (method === 'answerCallbackQuery') {
        const parsed = answerCallbackQuery.safeParse(request.body);
        if (!parsed.success) return telegramError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
        answeredCallbacks.push(parsed.data.callback_query_id);
        return telegramOk(true);
      }
      if (method === 'setWebhook') {
        const parsed = setWebhook.safeParse(request.body);
        if (!parsed.success) return telegramError(400, 'Bad Request: bad webhook: Failed to resolve host');
        fake.webhook = {
          url: parsed.data.url,
          ...(parsed.data.secret_token === undefined ? {} : { secretToken: parsed.data.secret_token }),
        };
        return { status: 200, body: { ok: true, result: true, description: 'Webhook was set' } };
      }
      return telegramError(404, 'Not Found');
    },
  });
  return Object.assign(fake, provider, { apiBase: provider.origin, botToken, answeredCallbacks }) as FakeTelegram;
}

function telegramOk(result: unknown): FakeReply {
  return { status: 200, body: { ok: true, result } };
}

function telegramError(code: number, description: string, parameters?: object): FakeReply {
  return { status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } };
}

function telegramFailure(kind: ProviderFailureKind, { retryAfterSeconds = 1 }: { retryAfterSeconds?: number }): FakeReply {
  switch (kind) {
    case 'rate_limit':
      return telegramError(429, `Too Many Requests: retry after ${retryAfterSeconds}`, { retry_after: retryAfterSeconds });
    case 'server_error':
      return telegramError(500, 'Internal Server Error');
    case 'unauthorized':
      return telegramError(401, 'Unauthorized');
    case 'bad_request':
      return telegramError(400, 'Bad Request: chat not found');
  }
}
