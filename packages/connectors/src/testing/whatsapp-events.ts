import { nextFixtureId, jsonPost, type ProviderDelivery } from './delivery.ts';
import { FAKE_WHATSAPP_PHONE_NUMBER_ID } from './fake-whatsapp.ts';
import { whatsappSignature } from './provider-signatures.ts';

const DEFAULT_CUSTOMER = '15551234567';

interface Sender {
  from?: string;
  name?: string;
  /** The business number the customer wrote to; it must match the channel's settings.phoneNumberId. */
  phoneNumberId?: string;
  messageId?: string;
}

/** The webhook notification Meta POSTs: entry → changes → value for the `messages` field. */
function notification(phoneNumberId: string, value: object): object {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

function inbound(
  { from = DEFAULT_CUSTOMER, name = 'Ada Lovelace', phoneNumberId = FAKE_WHATSAPP_PHONE_NUMBER_ID, messageId }: Sender,
  content: object,
): object {
  const id = messageId ?? `wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQ${nextFixtureId()}`;
  return notification(phoneNumberId, {
    contacts: [{ profile: { name }, wa_id: from }],
    messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), ...content }],
  });
}

export function whatsappTextMessage(options: Sender & { text: string }): object {
  return inbound(options, { type: 'text', text: { body: options.text } });
}

/** A press on a reply button of our interactive message. */
export function whatsappButtonReply(options: Sender & { id: string; title: string }): object {
  return inbound(options, {
    type: 'interactive',
    interactive: { type: 'button_reply', button_reply: { id: options.id, title: options.title } },
  });
}

/** A choice from our interactive list. */
export function whatsappListReply(options: Sender & { id: string; title: string }): object {
  return inbound(options, {
    type: 'interactive',
    interactive: { type: 'list_reply', list_reply: { id: options.id, title: options.title } },
  });
}

/** A delivery status callback for a message we sent: carries no customer message. */
export function whatsappStatusUpdate(options: {
  recipient?: string;
  status?: 'sent' | 'delivered' | 'read' | 'failed';
  phoneNumberId?: string;
}): object {
  const { recipient = DEFAULT_CUSTOMER, status = 'delivered', phoneNumberId = FAKE_WHATSAPP_PHONE_NUMBER_ID } = options;
  return notification(phoneNumberId, {
    statuses: [{ id: `wamid.FAKE${nextFixtureId()}`, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: recipient }],
  });
}

/** A notification as Meta delivers it, signed with the app secret. */
export function whatsappSignedRequest(body: object, appSecret: string): ProviderDelivery {
  const rawBody = JSON.stringify(body);
  return jsonPost(rawBody, { 'x-hub-signature-256': whatsappSignature(rawBody, appSecret) });
}

/** Meta's subscription check: GET with hub.mode, hub.verify_token and hub.challenge. */
export function whatsappVerifyRequest(verifyToken: string, challenge = String(nextFixtureId() * 7919)): ProviderDelivery {
  return {
    method: 'GET',
    headers: {},
    query: { 'hub.mode': 'subscribe', 'hub.verify_token': verifyToken, 'hub.challenge': challenge },
    body: '',
  };
}
