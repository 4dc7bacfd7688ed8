// Fakes of each provider's API and builders of their webhook deliveries, for tests of the adapters and the bot.
export * from './fake-provider.ts';
export * from './fake-telegram.ts';
export * from './fake-slack.ts';
export * from './fake-whatsapp.ts';
export * from './fake-webhook-receiver.ts';
export * from './provider-signatures.ts';
export { deliver, toInboundRequest, type DeliveryResponse, type ProviderDelivery } from './delivery.ts';
export * from './telegram-events.ts';
export * from './slack-events.ts';
export * from './whatsapp-events.ts';
export * from './webhook-events.ts';
