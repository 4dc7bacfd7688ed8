import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reportNames } from '../src/models/report-names.ts';

const report = { candidate: { version: 'v2' }, live: { version: 'v1' } } as Parameters<typeof reportNames>[0];

describe('reportNames', () => {
  it('calls the models candidate and live while the report’s live model serves', () => {
    assert.deepEqual(reportNames(report, 'v1'), { candidate: 'Candidate', baseline: 'Live' });
  });

  it('stops calling the retired model live once the candidate is promoted', () => {
    assert.deepEqual(reportNames(report, 'v2'), { candidate: 'Promoted', baseline: 'Previously live' });
  });

  it('calls neither live after a roll back to a third version', () => {
    assert.deepEqual(reportNames(report, 'v0'), { candidate: 'Candidate', baseline: 'Previously live' });
  });
});
