import type { DemoInfo } from './ensure-demo.ts';

/**
 * What `npm start` prints for the demo: plain text on stdout, not a log record, because this is what a newcomer
 * reads. Both keys are shown with what each is for: the public one goes in a web page, the secret one never does.
 * `password` is the password itself only on the start that made it, else where to find it: later starts' output
 * ends up in logs that more people read.
 */
export function startBanner(url: string, demo: Pick<DemoInfo, 'operatorEmail' | 'publicKey' | 'apiKey'>, password: string): string {
  return [
    '',
    `  Parley demo:      ${url}`,
    `  Operator console: ${url}/console   (log in as ${demo.operatorEmail} / ${password})`,
    `  Widget key:       ${demo.publicKey}   ← public: the widget's data-bot on a web page`,
    `  API key:          ${demo.apiKey ?? '(see PARLEY_DEMO_API_KEY)'}   ← secret: server-side calls to ${url}/api/v1, never in a page`,
    `  Try:              curl -s ${url}/api/v1/classify -H "Authorization: Bearer ${demo.apiKey ?? 'KEY'}" -H 'Content-Type: application/json' -d '{"texts":["I want to cancel my order"]}'`,
    '',
  ].join('\n');
}
