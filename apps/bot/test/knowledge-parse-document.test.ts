import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DocumentParseError, MAX_DOCUMENT_BYTES, parseDocument } from '../src/knowledge/sources/parse-document.ts';

/** A PDF with a text layer: each inner array is a page of lines. */
export async function textPdf(pages: string[][], title?: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (title) pdf.setTitle(title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([600, 800]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 750 - i * 20, size: 12, font }));
  }
  return pdf.save();
}

const rejectsWith = (promise: Promise<unknown>, message: RegExp) =>
  assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DocumentParseError, `not a DocumentParseError: ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });

const PAGE = `<!doctype html>
<html lang="en"><head><title>Returns &amp; refunds | Acme Help</title><meta charset="utf-8">
<style>body { color: red }</style><script>window.secret = "do not index"</script></head>
<body>
  <header><a href="/">Acme</a> <nav><a href="/shop">Shop</a> <a href="/help">Help centre</a></nav></header>
  <aside>Related: gift cards</aside>
  <main>
    <h1>Returns</h1>
    <p>You can return an item within <strong>30 days</strong>. See <a href="/returns/form">the return form</a>.</p>
    <h2>Refunds</h2>
    <ul><li>Card refunds take 5 business days.</li><li>Store credit is instant.</li></ul>
    <form action="/search"><input name="q"><button>Search the help centre</button></form>
    <img src="/banner.png" alt="banner">
  </main>
  <footer>© Acme Ltd · Cookie settings</footer>
  <noscript>Please enable JavaScript</noscript>
</body></html>`;

test('HTML: the main text as Markdown with its headings; page furniture, scripts and forms dropped; title from <title>', async () => {
  const parsed = await parseDocument({ mediaType: 'text/html; charset=utf-8', content: PAGE });
  assert.equal(parsed.title, 'Returns & refunds | Acme Help');
  assert.equal(parsed.mediaType, 'text/markdown');
  assert.match(parsed.content, /^# Returns$/m);
  assert.match(parsed.content, /^## Refunds$/m);
  assert.match(parsed.content, /return an item within \*\*30 days\*\*\. See the return form\./);
  assert.match(parsed.content, /Card refunds take 5 business days\./);
  for (const gone of [
    'secret',
    'color: red',
    'Shop',
    'Help centre',
    'gift cards',
    'Search the help centre',
    'Cookie settings',
    'banner',
    'JavaScript',
    '/returns/form',
  ]) {
    assert.ok(!parsed.content.includes(gone), `"${gone}" should be gone:\n${parsed.content}`);
  }
});

test('HTML without <title> takes its first <h1>; bytes are read as UTF-8', async () => {
  const html = '<body><h1>Livraison à l’étranger</h1><p>Nous livrons en 3 jours.</p></body>';
  const parsed = await parseDocument({ mediaType: 'text/html', bytes: new TextEncoder().encode(html) });
  assert.equal(parsed.title, 'Livraison à l’étranger');
  assert.match(parsed.content, /Nous livrons en 3 jours\./);
});

test('Markdown: title from the first heading, else the file name; an explicit title wins', async () => {
  const markdown = 'Intro line\n\n## Shipping times\n\nOrders ship in two days.\n';
  const parsed = await parseDocument({ mediaType: 'text/markdown', content: markdown, filename: 'shipping.md' });
  assert.deepEqual(parsed, { title: 'Shipping times', content: markdown.trim(), mediaType: 'text/markdown' });
  const noHeading = await parseDocument({ mediaType: 'text/markdown', content: 'Just text.', filename: 'docs/faq-billing.md' });
  assert.equal(noHeading.title, 'faq-billing');
  const titled = await parseDocument({ mediaType: 'text/markdown', content: '# Heading\n\ntext', title: '  Chosen  ' });
  assert.equal(titled.title, 'Chosen');
});

test('plain text: title from the file name, else its first line; a BOM and CRLFs are not content', async () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Opening hours\r\nWe open at 9.\r\n')]);
  const named = await parseDocument({ mediaType: 'text/plain', bytes, filename: 'hours.txt' });
  assert.deepEqual(named, { title: 'hours', content: 'Opening hours\nWe open at 9.', mediaType: 'text/plain' });
  const unnamed = await parseDocument({ mediaType: 'text/plain', content: '\n\n  Opening hours\nWe open at 9.' });
  assert.equal(unnamed.title, 'Opening hours');
});

test('PDF: the text of every page in order, title from its metadata, else its first line', async () => {
  const bytes = await textPdf(
    [
      ['Warranty terms', 'Every device has a two year warranty.'],
      ['Claims', 'Send the receipt with the device.'],
    ],
    'Acme warranty',
  );
  const parsed = await parseDocument({ mediaType: 'application/pdf', bytes, filename: 'warranty.pdf' });
  assert.equal(parsed.title, 'Acme warranty');
  assert.equal(parsed.mediaType, 'text/plain');
  const order = ['Warranty terms', 'two year warranty', 'Claims', 'Send the receipt'].map((text) => parsed.content.indexOf(text));
  assert.ok(
    order.every((at) => at >= 0),
    parsed.content,
  );
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
  );
  assert.ok(bytes.byteLength > 0, 'the caller keeps its bytes');

  const untitled = await parseDocument({ mediaType: 'application/pdf', bytes: await textPdf([['Returns policy', 'Thirty days.']]) });
  assert.equal(untitled.title, 'Returns policy');
});

test('a PDF without a text layer is refused with a clear reason', async () => {
  const pdf = await PDFDocument.create();
  pdf.addPage([600, 800]).drawRectangle({ x: 10, y: 10, width: 100, height: 100 });
  await rejectsWith(parseDocument({ mediaType: 'application/pdf', bytes: await pdf.save() }), /this PDF has no text layer \(scanned\?\)/);
});

test('bad input: not a PDF, a broken PDF, empty, too big, an unknown type, both or neither of text and bytes', async () => {
  await rejectsWith(parseDocument({ mediaType: 'application/pdf', bytes: new TextEncoder().encode('<html>nope</html>') }), /not a PDF/);
  await rejectsWith(
    parseDocument({ mediaType: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.7\ngarbage') }),
    /cannot be read/,
  );
  await rejectsWith(parseDocument({ mediaType: 'application/pdf', content: '%PDF-1.7' }), /as bytes/);
  await rejectsWith(parseDocument({ mediaType: 'application/pdf', bytes: new Uint8Array() }), /empty/);
  await rejectsWith(parseDocument({ mediaType: 'text/plain', content: '  \n ' }), /empty/);
  await rejectsWith(parseDocument({ mediaType: 'text/html', content: '<nav>menu only</nav><script>x()</script>' }), /no main text/);
  await rejectsWith(parseDocument({ mediaType: 'text/plain', bytes: new Uint8Array(MAX_DOCUMENT_BYTES + 1) }), /too big/);
  await rejectsWith(parseDocument({ mediaType: 'text/plain', content: 'x'.repeat(2_000_001) }), /too big/);
  await rejectsWith(parseDocument({ mediaType: 'image/png', bytes: new Uint8Array([1]) }), /cannot read image\/png/);
  await rejectsWith(parseDocument({ mediaType: 'text/plain', content: 'a', bytes: new Uint8Array([1]) }), /not both/);
  await rejectsWith(parseDocument({ mediaType: 'text/plain' }), /no content/);
});
