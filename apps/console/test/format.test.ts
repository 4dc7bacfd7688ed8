import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanize, signedPoints } from '../src/lib/format.ts';

describe('signedPoints', () => {
  it('writes a gain with a plus and one decimal', () => {
    assert.equal(signedPoints(0.012), '+1.2 pt');
    assert.equal(signedPoints(0.05), '+5.0 pt');
  });

  it('writes a drop with a minus sign, not a hyphen', () => {
    assert.equal(signedPoints(-0.004), '−0.4 pt');
    assert.equal(signedPoints(-0.25), '−25.0 pt');
  });

  it('writes no change, and changes that round to none, as ±0', () => {
    assert.equal(signedPoints(0), '±0 pt');
    assert.equal(signedPoints(0.0004), '±0 pt');
    assert.equal(signedPoints(-0.0004), '±0 pt');
  });

  it('rounds to a tenth of a point', () => {
    assert.equal(signedPoints(0.01234), '+1.2 pt');
    assert.equal(signedPoints(0.0126), '+1.3 pt');
  });
});

describe('humanize', () => {
  it('turns underscores and hyphens into spaces', () => {
    assert.equal(humanize('out_of_scope'), 'out of scope');
    assert.equal(humanize('take-over__now'), 'take over now');
  });
});
