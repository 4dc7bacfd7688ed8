import { KNOWLEDGE_UPLOAD_LIMIT, knowledgeDocumentBodySchema } from '@parley/protocol';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToBase64, mediaTypeOf, UnsupportedFileError, uploadBody } from '../src/knowledge/upload-body.ts';

describe('turning a picked file into a knowledge document body', () => {
  it('reads the media type from the extension, whatever its case', () => {
    assert.equal(mediaTypeOf('Returns.MD'), 'text/markdown');
    assert.equal(mediaTypeOf('faq.txt'), 'text/plain');
    assert.equal(mediaTypeOf('help.htm'), 'text/html');
    assert.equal(mediaTypeOf('manual.v2.pdf'), 'application/pdf');
    assert.equal(mediaTypeOf('photo.png'), null);
    assert.equal(mediaTypeOf('README'), null);
  });

  it('sends Markdown as text content, which the contract accepts', async () => {
    const body = await uploadBody(new File(['# Returns\n\nWithin 30 days.'], 'returns.md'));
    assert.deepEqual(body, { filename: 'returns.md', mediaType: 'text/markdown', content: '# Returns\n\nWithin 30 days.' });
    assert.ok(knowledgeDocumentBodySchema.safeParse(body).success);
  });

  it('sends a PDF base64-encoded, byte for byte', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    const body = await uploadBody(new File([bytes], 'manual.pdf'));
    assert.equal(body.mediaType, 'application/pdf');
    assert.equal(body.content, undefined);
    assert.deepEqual(new Uint8Array(Buffer.from(body.contentBase64!, 'base64')), bytes);
    assert.ok(knowledgeDocumentBodySchema.safeParse(body).success);
  });

  it('encodes like Node does, at slice boundaries too', () => {
    for (const length of [0, 1, 2, 3, 0x8000, 0x8001, 100_000]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 31 + 5) % 256);
      assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'), `${length} bytes`);
    }
  });

  it('refuses other files, empty ones and ones over the limit before sending', async () => {
    await assert.rejects(
      uploadBody(new File(['x'], 'photo.png')),
      (error) => error instanceof UnsupportedFileError && /photo\.png/.test(error.message),
    );
    await assert.rejects(uploadBody(new File(['  \n'], 'empty.txt')), /empty/);
    const tooBig = { name: 'big.pdf', size: KNOWLEDGE_UPLOAD_LIMIT, text: async () => '', arrayBuffer: async () => new ArrayBuffer(0) };
    await assert.rejects(uploadBody(tooBig), /too large/);
  });
});
