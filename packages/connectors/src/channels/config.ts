import * as z from 'zod';
import type { ChannelKind } from './channel.ts';

const httpUrl = z.url({ protocol: /^https?$/ });

/** Non-secret settings per channel: safe to show in an admin UI and to log. */
export const channelSettingsSchemas = {
  telegram: z.object({ apiBase: httpUrl.default('https://api.telegram.org') }),
  slack: z.object({ apiBase: httpUrl.default('https://slack.com/api') }),
  whatsapp: z.object({ phoneNumberId: z.string().min(1), apiBase: httpUrl.default('https://graph.facebook.com/v21.0') }),
  /** `url`: where outbound replies are POSTed. */
  webhook: z.object({ url: httpUrl }),
} as const satisfies Record<ChannelKind, z.ZodObject>;

/** Credentials per channel: stored encrypted, never logged nor echoed back. */
export const channelSecretsSchemas = {
  /** botToken as BotFather issues it (`123456:ABC-DEF…`), which also keeps it safe to put in the URL path. */
  telegram: z.object({
    botToken: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, 'a Telegram bot token looks like 123456:ABC-DEF…'),
    /** Echoed by Telegram in X-Telegram-Bot-Api-Secret-Token; Telegram allows 1-256 of A-Z a-z 0-9 _ -. */
    secretToken: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters of A-Z, a-z, 0-9, _ and -'),
  }),
  slack: z.object({ botToken: z.string().min(1), signingSecret: z.string().min(1) }),
  whatsapp: z.object({ accessToken: z.string().min(1), appSecret: z.string().min(1), verifyToken: z.string().min(1) }),
  /** Signs both directions: the caller's inbound requests and our outbound replies. */
  webhook: z.object({ secret: z.string().min(16) }),
} as const satisfies Record<ChannelKind, z.ZodObject>;

function channelConfigOf<K extends ChannelKind>(kind: K) {
  return z.object({ kind: z.literal(kind), settings: channelSettingsSchemas[kind], secrets: channelSecretsSchemas[kind] });
}

export const channelConfigSchema = z.discriminatedUnion('kind', [
  channelConfigOf('telegram'),
  channelConfigOf('slack'),
  channelConfigOf('whatsapp'),
  channelConfigOf('webhook'),
]);

export type ChannelConfig = z.infer<typeof channelConfigSchema>;
/** The input form, before defaults (what an admin submits). */
export type ChannelConfigInput = z.input<typeof channelConfigSchema>;
export type ChannelSettings<K extends ChannelKind> = z.infer<(typeof channelSettingsSchemas)[K]>;
export type ChannelSecrets<K extends ChannelKind> = z.infer<(typeof channelSecretsSchemas)[K]>;
/** What one kind's adapter is built from. */
export interface ChannelSetup<K extends ChannelKind> {
  settings: ChannelSettings<K>;
  secrets: ChannelSecrets<K>;
}

/** Which fields of each channel's config are secrets: what to mask in an admin UI and keep out of logs. */
export const SECRET_FIELDS: Record<ChannelKind, readonly string[]> = {
  telegram: Object.keys(channelSecretsSchemas.telegram.shape),
  slack: Object.keys(channelSecretsSchemas.slack.shape),
  whatsapp: Object.keys(channelSecretsSchemas.whatsapp.shape),
  webhook: Object.keys(channelSecretsSchemas.webhook.shape),
};
