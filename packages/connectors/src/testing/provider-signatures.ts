import { createHmac } from 'node:crypto';

// Signatures as each provider computes them, written from the providers' documentation and independently of the
// adapters' verification code, so that tests signing with these prove the adapters agree with the providers.

function hexHmac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** Slack's X-Slack-Signature for a body sent at `timestamp` (unix seconds). */
export function slackSignature(rawBody: string, signingSecret: string, timestamp: number): string {
  return `v0=${hexHmac(signingSecret, `v0:${timestamp}:${rawBody}`)}`;
}

/** Meta's X-Hub-Signature-256 for a webhook body. */
export function whatsappSignature(rawBody: string, appSecret: string): string {
  return `sha256=${hexHmac(appSecret, rawBody)}`;
}

/** The generic webhook's X-Parley-Signature for a body sent at `timestamp` (unix seconds). */
export function webhookSignature(rawBody: string, secret: string, timestamp: number): string {
  return `t=${timestamp},v1=${hexHmac(secret, `${timestamp}.${rawBody}`)}`;
}

export function unixSeconds(date = new Date()): number {
  return Math.floor(date.getTime() / 1000);
}
