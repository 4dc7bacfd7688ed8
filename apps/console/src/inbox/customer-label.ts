import type { ConversationSummary } from '@parley/protocol';

const CHANNEL_NAMES: Record<string, string> = {
  web: 'Visitor',
  telegram: 'Telegram',
  slack: 'Slack',
  whatsapp: 'WhatsApp',
  webhook: 'Webhook',
};

/**
 * Who an inbox row is about: the name a channel gave, else where they write from with a short id, so that two
 * anonymous visitors never read alike. Null when the server predates customer identities.
 */
export function customerLabel(customer: ConversationSummary['customer']): string | null {
  if (!customer) return null;
  if (customer.name) return customer.name;
  const where = CHANNEL_NAMES[customer.channel] ?? customer.channel;
  return `${where} ${customer.visitorId.replace(/-/g, '').slice(0, 6)}`;
}
