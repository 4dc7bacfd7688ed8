import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Comparison, Scores } from '@parley/protocol';
import { gateRows } from '../src/models/gate-rows.ts';

const scores = (version: string, macroF1: number, ece?: number): Scores => ({
  version,
  accuracy: macroF1,
  macroF1,
  perLabel: {},
  confusion: { labels: [], matrix: [] },
  ...(ece === undefined ? {} : { ece }),
});

/** A report as the server stored it before the gate compared more than intent macro-F1. */
const oldReport = (live: Scores | null, passed: boolean): Comparison => ({
  task: 'intent',
  heldOut: { examples: 40, source: 'holdout' },
  candidate: scores('c', 0.7),
  live,
  deltas: { accuracy: 0, macroF1: live ? 0.7 - live.macroF1 : 0, perLabel: {} },
  gate: { passed, maxMacroF1Drop: 0.01, macroF1Drop: live ? live.macroF1 - 0.7 : 0, reason: 'r' },
  sentiment: null,
});

describe('gateRows', () => {
  it('shows an old report as its one measure, intent macro-F1, with the verdict it was stored with', () => {
    const [row, ...rest] = gateRows(oldReport(scores('l', 0.9), false));
    assert.deepEqual(rest, []);
    assert.deepEqual(
      [row!.label, row!.candidate, row!.live, row!.allowed, row!.verdict, row!.examples],
      ['Intent macro-F1', 0.7, 0.9, '−1.0 pt', 'fail', 40],
    );
    assert.ok(Math.abs(row!.delta! + 0.2) < 1e-9);
    const alone = gateRows(oldReport(null, true))[0]!;
    assert.deepEqual([alone.verdict, alone.live, alone.delta, alone.note], ['not-compared', null, null, 'there is no live model']);
  });

  it('shows every measure of a new report, the allowed change signed in the direction that is worse', () => {
    const report: Comparison = {
      ...oldReport(scores('l', 0.7, 0.05), false),
      gate: {
        passed: false,
        maxMacroF1Drop: 0.01,
        macroF1Drop: 0,
        reason: 'r',
        measures: [
          {
            measure: 'intentMacroF1',
            higherIsBetter: true,
            candidate: 0.7,
            live: 0.7,
            delta: 0,
            tolerance: 0.01,
            examples: 40,
            verdict: 'pass',
            note: null,
          },
          {
            measure: 'sentimentMacroF1',
            higherIsBetter: true,
            candidate: 0.8,
            live: null,
            delta: null,
            tolerance: 0.02,
            examples: 12,
            verdict: 'not-compared',
            note: 'the live model has no sentiment head',
          },
          {
            measure: 'falseAcceptRate',
            higherIsBetter: false,
            candidate: 0.2,
            live: 0.05,
            delta: 0.15,
            tolerance: 0.03,
            examples: 430,
            verdict: 'fail',
            note: null,
          },
          {
            measure: 'answeredCorrectly',
            higherIsBetter: true,
            candidate: 0.8,
            live: 0.8,
            delta: 0,
            tolerance: 0.02,
            examples: 40,
            verdict: 'pass',
            note: null,
          },
          {
            measure: 'intentEce',
            higherIsBetter: false,
            candidate: 0.04,
            live: 0.05,
            delta: -0.01,
            tolerance: 0.03,
            examples: 40,
            verdict: 'pass',
            note: null,
          },
        ],
      },
    };
    assert.deepEqual(
      gateRows(report).map((row) => [row.label, row.allowed, row.verdict]),
      [
        ['Intent macro-F1', '−1.0 pt', 'pass'],
        ['Sentiment macro-F1', '−2.0 pt', 'not-compared'],
        ['Out-of-scope messages answered', '+3.0 pt', 'fail'],
        ['In-scope messages answered correctly', '−2.0 pt', 'pass'],
        ['Intent calibration error (ECE)', '+3.0 pt', 'pass'],
      ],
    );
  });
});
