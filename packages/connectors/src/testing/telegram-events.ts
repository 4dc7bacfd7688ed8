import { nextFixtureId, jsonPost, type ProviderDelivery } from './delivery.ts';

const DEFAULT_CHAT_ID = 700_100_200;

export interface TelegramTextUpdateOptions {
  text: string;
  chatId?: number;
  firstName?: string;
  username?: string;
  updateId?: number;
}

/** An Update with a private-chat text message, as Telegram POSTs it to the webhook. */
export function telegramTextUpdate({
  text,
  chatId = DEFAULT_CHAT_ID,
  firstName = 'Ada',
  username,
  updateId,
}: TelegramTextUpdateOptions): object {
  const id = nextFixtureId();
  return {
    update_id: updateId ?? 100_000 + id,
    message: {
      message_id: id,
      from: { id: chatId, is_bot: false, first_name: firstName, ...(username ? { username } : {}), language_code: 'en' },
      chat: { id: chatId, first_name: firstName, type: 'private' },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  };
}

export interface TelegramCallbackUpdateOptions {
  /** The pressed button's callback_data. */
  data: string;
  /** The inline keyboard of the message the button was on; defaults to the pressed button alone, labelled `data`. */
  buttons?: { label: string; value: string }[];
  chatId?: number;
  firstName?: string;
  queryId?: string;
  updateId?: number;
}

/** An Update for a press on an inline-keyboard button of one of the bot's messages. */
export function telegramCallbackUpdate(options: TelegramCallbackUpdateOptions): object {
  const { data, chatId = DEFAULT_CHAT_ID, firstName = 'Ada', updateId } = options;
  const buttons = options.buttons ?? [{ label: data, value: data }];
  const id = nextFixtureId();
  const from = { id: chatId, is_bot: false, first_name: firstName };
  return {
    update_id: updateId ?? 100_000 + id,
    callback_query: {
      id: options.queryId ?? `4382${id}`,
      from,
      chat_instance: '-1234567890',
      data,
      message: {
        message_id: id,
        from: { id: 123456, is_bot: true, first_name: 'Parley', username: 'parley_bot' },
        chat: { id: chatId, first_name: firstName, type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: 'Pick one',
        reply_markup: { inline_keyboard: buttons.map(({ label, value }) => [{ text: label, callback_data: value }]) },
      },
    },
  };
}

/** An Update as Telegram delivers it: a JSON POST carrying the webhook's secret token. */
export function telegramDelivery(update: object, secretToken: string): ProviderDelivery {
  return jsonPost(JSON.stringify(update), { 'x-telegram-bot-api-secret-token': secretToken });
}
