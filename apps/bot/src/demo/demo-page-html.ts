/** Escapes text for an HTML attribute or element body. */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The demo page: a plain page that embeds the widget exactly as a customer's site would, with one script tag, so
 * the demo shows the real thing. `nonce` must be fresh per response and match the page's Content-Security-Policy.
 */
export function demoPageHtml(input: { publicKey: string; nonce: string }): string {
  const nonce = input.nonce.replace(/[^A-Za-z0-9+/=]/g, '');
  const key = escapeHtml(input.publicKey);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley demo</title>
<style nonce="${nonce}">
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#eef1f5;color:#1c2430}
main{max-width:640px;margin:0 auto;padding:32px 20px}
code,pre{font:13px/1.4 ui-monospace,monospace;background:#fff;border-radius:6px}
pre{padding:12px;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
</style>
</head>
<body>
<main>
<h1>Parley demo</h1>
<p>The chat button in the corner is the Parley widget, talking to the demo bot. Ask about an order, a refund or your account, or ask for a person.</p>
<p>Any site embeds it with one tag:</p>
<pre>&lt;script src="https://YOUR-PARLEY-SERVER/widget.js" data-bot="${key}"&gt;&lt;/script&gt;</pre>
</main>
<script nonce="${nonce}" src="/widget.js" data-bot="${key}" data-open="true"></script>
</body>
</html>
`;
}
