import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stageName } from '../src/models/stage-names.ts';

describe('stageName', () => {
  it('says what a known stage does', () => {
    assert.equal(stageName('train-intent'), 'Training the intent model');
    assert.equal(stageName('evaluate'), 'Evaluating on held-out examples');
    assert.equal(stageName('evaluate-live'), 'Evaluating against the live model');
  });

  it('reads an unknown stage as its code', () => {
    assert.equal(stageName('warm_up'), 'warm up');
  });
});
