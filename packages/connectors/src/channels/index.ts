export * from './channel.ts';
export * from './config.ts';
export * from './adapter-options.ts';
export * from './create-adapter.ts';
export { createTelegramAdapter, TELEGRAM_CALLBACK_DATA_MAX_BYTES } from './telegram.ts';
export { createSlackAdapter } from './slack.ts';
export { createWhatsAppAdapter } from './whatsapp.ts';
export { createWebhookAdapter, webhookInboundSchema, type WebhookInbound, type WebhookOutbound } from './webhook.ts';
export { formatWebhookSignature, verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.ts';
