import { nextFixtureId, type ProviderDelivery } from './delivery.ts';
import { slackSignature, unixSeconds } from './provider-signatures.ts';

const TEAM = 'T0FAKETEAM';
/** The app's bot user, as listed in each event's authorizations. */
export const FAKE_SLACK_BOT_USER = 'U0PARLEYBOT';

export interface SlackMessageEventOptions {
  text: string;
  user?: string;
  channel?: string;
  eventId?: string;
  botId?: string;
  subtype?: string;
}

/** An event_callback envelope around a `message` event. */
export function slackMessageEvent({
  text,
  user = 'U0CUSTOMER',
  channel = 'D0DIRECT',
  eventId,
  botId,
  subtype,
}: SlackMessageEventOptions): object {
  const id = nextFixtureId();
  const ts = `${unixSeconds()}.${String(id).padStart(6, '0')}`;
  return {
    token: 'deprecated-verification-token',
    team_id: TEAM,
    api_app_id: 'A0PARLEY',
    type: 'event_callback',
    event_id: eventId ?? `Ev0FAKE${id}`,
    event_time: unixSeconds(),
    authorizations: [{ team_id: TEAM, user_id: FAKE_SLACK_BOT_USER, is_bot: true }],
    event: {
      type: 'message',
      channel,
      channel_type: channel.startsWith('D') ? 'im' : 'channel',
      user,
      text,
      ts,
      event_ts: ts,
      ...(botId ? { bot_id: botId } : {}),
      ...(subtype ? { subtype } : {}),
    },
  };
}

export function slackUrlVerification(challenge: string): object {
  return { token: 'deprecated-verification-token', challenge, type: 'url_verification' };
}

export interface SlackBlockActionOptions {
  value: string;
  label?: string;
  user?: string;
  channel?: string;
  actionId?: string;
  actionTs?: string;
}

/** A block_actions interactivity payload for a press on one of our quick-reply buttons. */
export function slackBlockAction({
  value,
  label = value,
  user = 'U0CUSTOMER',
  channel = 'D0DIRECT',
  actionId,
  actionTs,
}: SlackBlockActionOptions): object {
  const id = nextFixtureId();
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'fake' },
    user: { id: user, username: 'ada', name: 'ada', team_id: TEAM },
    api_app_id: 'A0PARLEY',
    trigger_id: `${id}.fake.trigger`,
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: channel, is_ephemeral: false },
    channel: { id: channel, name: 'directmessage' },
    actions: [
      {
        type: 'button',
        block_id: 'parley_quick_replies',
        action_id: actionId ?? 'parley_quick_reply_0',
        text: { type: 'plain_text', text: label, emoji: true },
        value,
        action_ts: actionTs ?? `${unixSeconds()}.${String(id).padStart(6, '0')}`,
      },
    ],
  };
}

/** A raw body signed as Slack signs it, sent at `timestamp` (unix seconds, default now). */
export function slackSignedRequest(
  rawBody: string,
  signingSecret: string,
  timestamp = unixSeconds(),
  contentType = 'application/json',
): ProviderDelivery {
  return {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': slackSignature(rawBody, signingSecret, timestamp),
    },
    query: {},
    body: rawBody,
  };
}

/** An Events API envelope (event_callback or url_verification) as Slack delivers it. */
export function slackEventRequest(envelope: object, signingSecret: string, timestamp?: number): ProviderDelivery {
  return slackSignedRequest(JSON.stringify(envelope), signingSecret, timestamp);
}

/** An interactivity payload as Slack delivers it: form-encoded `payload=<json>`. */
export function slackInteractionRequest(payload: object, signingSecret: string, timestamp?: number): ProviderDelivery {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return slackSignedRequest(body, signingSecret, timestamp, 'application/x-www-form-urlencoded');
}
