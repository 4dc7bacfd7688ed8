import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { citationHref, citationLines } from '../src/lib/citation-link.ts';

describe('citation links', () => {
  it('links absolute http(s) addresses only', () => {
    assert.equal(citationHref('https://help.example.com/returns'), 'https://help.example.com/returns');
    assert.equal(citationHref('http://localhost:8080/faq'), 'http://localhost:8080/faq');
    for (const unsafe of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      '/relative',
      'not a url',
      '',
      null,
      undefined,
    ])
      assert.equal(citationHref(unsafe), null, String(unsafe));
  });

  it('writes sources as "[n] Title — url" lines, the title alone where there is no safe address', () => {
    assert.deepEqual(
      citationLines([
        { number: 1, title: 'Returns', url: 'https://shop.test/returns' },
        { number: 2, title: 'Uploaded FAQ' },
        { number: 3, title: 'Odd', url: 'javascript:alert(1)' },
      ]),
      ['[1] Returns — https://shop.test/returns', '[2] Uploaded FAQ', '[3] Odd'],
    );
  });
});
