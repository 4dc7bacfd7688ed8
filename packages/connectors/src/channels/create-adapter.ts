import type { AdapterOptions } from './adapter-options.ts';
import type { ChannelAdapter } from './channel.ts';
import type { ChannelConfig } from './config.ts';
import { createSlackAdapter } from './slack.ts';
import { createTelegramAdapter } from './telegram.ts';
import { createWebhookAdapter } from './webhook.ts';
import { createWhatsAppAdapter } from './whatsapp.ts';

/** The adapter for a parsed channel config (parse it with channelConfigSchema first, which fills defaults). */
export function createChannelAdapter(config: ChannelConfig, options?: AdapterOptions): ChannelAdapter {
  switch (config.kind) {
    case 'telegram':
      return createTelegramAdapter(config, options);
    case 'slack':
      return createSlackAdapter(config, options);
    case 'whatsapp':
      return createWhatsAppAdapter(config, options);
    case 'webhook':
      return createWebhookAdapter(config, options);
  }
}
