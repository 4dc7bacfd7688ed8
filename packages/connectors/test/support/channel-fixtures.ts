import {
  channelConfigSchema,
  createChannelAdapter,
  type AdapterOptions,
  type ChannelAdapter,
  type ChannelKind,
} from '../../src/channels/index.ts';
import {
  startFakeSlack,
  startFakeTelegram,
  startFakeWebhookReceiver,
  startFakeWhatsApp,
  type FakeProvider,
} from '../../src/testing/index.ts';

/** Retries in milliseconds, not seconds, so failure tests stay fast; retry-afters are capped at 50 ms. */
export const FAST_OPTIONS = {
  timeoutMs: 300,
  retry: { retries: 3, minTimeoutMs: 1, maxTimeoutMs: 5, maxRetryAfterMs: 50 },
} satisfies AdapterOptions;

export const TELEGRAM_SECRETS = { botToken: '123456:FAKE-telegram-token', secretToken: 'telegram_secret-token_1' };
export const SLACK_SECRETS = { botToken: 'xoxb-fake-slack-token', signingSecret: '8f742231b10e8888abcd99yyyzzz85a5' };
export const WHATSAPP_SECRETS = {
  accessToken: 'EAAG-fake-whatsapp-token',
  appSecret: 'whatsapp-app-secret-0123',
  verifyToken: 'whatsapp-verify-token',
};
export const WEBHOOK_SECRETS = { secret: 'webhook-secret-0123456789abcdef' };

export interface ChannelUnderTest {
  kind: ChannelKind;
  fake: FakeProvider;
  adapter: ChannelAdapter;
  /** Every secret of the channel's config: none may show in an error message. */
  secrets: string[];
  address: string;
}

/** A fake provider and an adapter configured against it, for each kind; the config goes through the schema. */
export async function startChannel(kind: ChannelKind, options: AdapterOptions = FAST_OPTIONS): Promise<ChannelUnderTest> {
  switch (kind) {
    case 'telegram': {
      const fake = await startFakeTelegram({ botToken: TELEGRAM_SECRETS.botToken });
      const config = channelConfigSchema.parse({ kind, settings: { apiBase: fake.apiBase }, secrets: TELEGRAM_SECRETS });
      return { kind, fake, adapter: createChannelAdapter(config, options), secrets: Object.values(TELEGRAM_SECRETS), address: '700100200' };
    }
    case 'slack': {
      const fake = await startFakeSlack({ botToken: SLACK_SECRETS.botToken });
      const config = channelConfigSchema.parse({ kind, settings: { apiBase: fake.apiBase }, secrets: SLACK_SECRETS });
      return { kind, fake, adapter: createChannelAdapter(config, options), secrets: Object.values(SLACK_SECRETS), address: 'D0DIRECT' };
    }
    case 'whatsapp': {
      const fake = await startFakeWhatsApp({ accessToken: WHATSAPP_SECRETS.accessToken });
      const settings = { apiBase: fake.apiBase, phoneNumberId: fake.phoneNumberId };
      const config = channelConfigSchema.parse({ kind, settings, secrets: WHATSAPP_SECRETS });
      return {
        kind,
        fake,
        adapter: createChannelAdapter(config, options),
        secrets: Object.values(WHATSAPP_SECRETS),
        address: '15551234567',
      };
    }
    case 'webhook': {
      const fake = await startFakeWebhookReceiver({ secret: WEBHOOK_SECRETS.secret });
      const config = channelConfigSchema.parse({ kind, settings: { url: fake.url }, secrets: WEBHOOK_SECRETS });
      return {
        kind,
        fake,
        adapter: createChannelAdapter(config, options),
        secrets: Object.values(WEBHOOK_SECRETS),
        address: 'customer-42',
      };
    }
  }
}

export const ALL_KINDS: ChannelKind[] = ['telegram', 'slack', 'whatsapp', 'webhook'];
