import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quickRepliesOf } from '../src/domain/quick-replies-draft.ts';

describe('quickRepliesOf', () => {
  it('sends label/value pairs, trimmed', () => {
    assert.deepEqual(quickRepliesOf([{ label: ' Track it ', value: ' track_order ' }]), [{ label: 'Track it', value: 'track_order' }]);
  });

  it('drops rows without a label and lets a missing value default to the label', () => {
    assert.deepEqual(
      quickRepliesOf([
        { label: '', value: 'orphan' },
        { label: 'Talk to a person', value: '  ' },
      ]),
      [{ label: 'Talk to a person', value: 'Talk to a person' }],
    );
  });
});
