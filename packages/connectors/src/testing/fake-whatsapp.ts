import * as z from 'zod';
import { bearerToken, startFakeProvider, type FakeProvider, type FakeReply, type ProviderFailureKind } from './fake-provider.ts';

export const FAKE_WHATSAPP_ACCESS_TOKEN = 'EAAG-fake-whatsapp-token';
export const FAKE_WHATSAPP_PHONE_NUMBER_ID = '106540352242922';

export interface FakeWhatsApp extends FakeProvider {
  /** Use as the channel's settings.apiBase: `{origin}/v21.0`. */
  apiBase: string;
  accessToken: string;
  phoneNumberId: string;
}

const base = { messaging_product: z.literal('whatsapp'), recipient_type: z.literal('individual').optional(), to: z.string().min(1) };
const body = z.object({ text: z.string().min(1).max(1024) });
const message = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('text'), text: z.object({ body: z.string().min(1).max(4096) }) }),
  z.object({
    ...base,
    type: z.literal('interactive'),
    interactive: z.discriminatedUnion('type', [
      z.object({
        type: z.literal('button'),
        body,
        action: z.object({
          buttons: z
            .array(
              z.object({ type: z.literal('reply'), reply: z.object({ id: z.string().min(1).max(256), title: z.string().min(1).max(20) }) }),
            )
            .min(1)
            .max(3),
        }),
      }),
      z.object({
        type: z.literal('list'),
        body,
        action: z.object({
          button: z.string().min(1).max(20),
          sections: z
            .array(
              z.object({
                title: z.string().max(24).optional(),
                rows: z.array(
                  z.object({
                    id: z.string().min(1).max(200),
                    title: z.string().min(1).max(24),
                    description: z.string().max(72).optional(),
                  }),
                ),
              }),
            )
            .min(1)
            .max(10)
            .refine((sections) => sections.flatMap((s) => s.rows).length <= 10, 'at most 10 rows'),
        }),
      }),
    ]),
  }),
]);

/** The Cloud API's `POST /{phone-number-id}/messages` with a Bearer token, answering with Graph's shapes. */
export async function startFakeWhatsApp(options: { accessToken?: string; phoneNumberId?: string } = {}): Promise<FakeWhatsApp> {
  const accessToken = options.accessToken ?? FAKE_WHATSAPP_ACCESS_TOKEN;
  const phoneNumberId = options.phoneNumberId ?? FAKE_WHATSAPP_PHONE_NUMBER_ID;
  let nextId = 1;
  const provider = await startFakeProvider({
    failure: whatsappFailure,
    handle(request, record) {
      if (bearerToken(request) !== accessToken)
        return graphFailure(401, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');
      if (request.path !== `/v21.0/${phoneNumberId}/messages`) {
        return graphFailure(
          400,
          100,
          `Unsupported post request. Object with ID '${request.path.split('/')[2]}' does not exist`,
          'GraphMethodException',
        );
      }
      const parsed = message.safeParse(request.body);
      if (!parsed.success) return graphFailure(400, 131009, '(#131009) Parameter value is not valid', 'OAuthException');
      const sent = parsed.data;
      const id = `wamid.FAKE${String(nextId++).padStart(8, '0')}`;
      record({ address: sent.to, ...normalise(sent), providerMessageId: id });
      return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: sent.to, wa_id: sent.to }], messages: [{ id }] } };
    },
  });
  return Object.assign(provider, { apiBase: `${provider.origin}/v21.0`, accessToken, phoneNumberId });
}

function normalise(sent: z.infer<typeof message>): { text: string; buttons: { label: string; value: string }[] } {
  if (sent.type === 'text') return { text: sent.text.body, buttons: [] };
  const { interactive } = sent;
  if (interactive.type === 'button')
    return { text: interactive.body.text, buttons: interactive.action.buttons.map((b) => ({ label: b.reply.title, value: b.reply.id })) };
  const rows = interactive.action.sections.flatMap((s) => s.rows);
  return { text: interactive.body.text, buttons: rows.map((row) => ({ label: row.title, value: row.id })) };
}

function graphFailure(status: number, code: number, message: string, type: string): FakeReply {
  return { status, body: { error: { message, type, code, fbtrace_id: 'AFakeTraceId' } } };
}

function whatsappFailure(kind: ProviderFailureKind, { retryAfterSeconds }: { retryAfterSeconds?: number }): FakeReply {
  switch (kind) {
    case 'rate_limit': {
      // Graph reports throughput limits as HTTP 400 with code 130429, without a Retry-After unless asked for.
      const reply = graphFailure(400, 130429, '(#130429) Rate limit hit', 'OAuthException');
      return retryAfterSeconds === undefined ? reply : { ...reply, headers: { 'retry-after': String(retryAfterSeconds) } };
    }
    case 'server_error':
      return graphFailure(500, 2, 'Service temporarily unavailable', 'OAuthException');
    case 'unauthorized':
      return graphFailure(401, 190, 'Error validating access token: Session has expired', 'OAuthException');
    case 'bad_request':
      return graphFailure(400, 131030, '(#131030) Recipient phone number not in allowed list', 'OAuthException');
  }
}
