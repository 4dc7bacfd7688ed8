import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Analytics, AnalyticsDay } from '@parley/protocol';
import {
  ALL_VERSIONS,
  NO_VERSION,
  OUT_OF_SCOPE_INTENT,
  conversationsByVersion,
  dailyPoints,
  forVersion,
  sentimentLabels,
  topIntents,
  versionKeys,
} from '../src/analytics/analytics-series.ts';

const row = (day: string, modelVersion: string | null, counts: Partial<Omit<AnalyticsDay, 'day' | 'modelVersion'>> = {}): AnalyticsDay => ({
  day,
  modelVersion,
  conversations: 0,
  messages: 0,
  customerMessages: 0,
  handoffs: 0,
  contained: 0,
  outOfScope: 0,
  classified: 0,
  sentiment: {},
  ...counts,
});

// Two versions on 1 May (v1 answered most), v2 alone on 2 May, and a day nobody's messages were classified.
const DAILY: AnalyticsDay[] = [
  row('2024-05-02', 'v2', {
    conversations: 4,
    messages: 20,
    customerMessages: 10,
    handoffs: 1,
    contained: 3,
    outOfScope: 2,
    classified: 8,
    sentiment: { negative: 2, positive: 6 },
  }),
  row('2024-05-01', 'v1', {
    conversations: 6,
    messages: 30,
    customerMessages: 15,
    handoffs: 3,
    contained: 3,
    outOfScope: 1,
    classified: 10,
    sentiment: { negative: 1, neutral: 3 },
  }),
  row('2024-05-01', 'v2', {
    conversations: 2,
    messages: 8,
    customerMessages: 4,
    handoffs: 1,
    contained: 1,
    outOfScope: 1,
    classified: 2,
    sentiment: { neutral: 1, positive: 3 },
  }),
  row('2024-05-03', null, { conversations: 1, messages: 1, customerMessages: 1 }),
];

const ANALYTICS: Analytics = {
  from: '2024-05-01',
  to: '2024-05-03',
  versions: ['v1', 'v2', 'v3'],
  daily: DAILY,
  topIntents: [
    { modelVersion: 'v1', intent: 'billing', count: 5 },
    { modelVersion: 'v2', intent: 'shipping', count: 4 },
    { modelVersion: 'v2', intent: 'billing', count: 2 },
    { modelVersion: 'v3', intent: 'greeting', count: 1 },
  ],
};

describe('dailyPoints', () => {
  it('adds up the versions of a day and turns the sums into rates, oldest day first', () => {
    assert.deepEqual(dailyPoints(DAILY), [
      {
        day: '2024-05-01',
        conversations: 8,
        messages: 38,
        customerMessages: 19,
        containmentRate: 4 / 8,
        handoffRate: 4 / 8,
        outOfScopeRate: 2 / 12,
        'sentiment:negative': 1 / 8,
        'sentiment:neutral': 4 / 8,
        'sentiment:positive': 3 / 8,
      },
      {
        day: '2024-05-02',
        conversations: 4,
        messages: 20,
        customerMessages: 10,
        containmentRate: 0.75,
        handoffRate: 0.25,
        outOfScopeRate: 0.25,
        'sentiment:negative': 0.25,
        'sentiment:positive': 0.75,
      },
      {
        day: '2024-05-03',
        conversations: 1,
        messages: 1,
        customerMessages: 1,
        containmentRate: 0,
        handoffRate: 0,
        outOfScopeRate: null,
      },
    ]);
  });

  it('gives each sentiment its own share of the day, not a running total, so the shares add up to 1', () => {
    const [point] = dailyPoints([row('2024-05-01', 'v1', { classified: 9, sentiment: { negative: 4, neutral: 5 } })]);
    assert.equal(point!['sentiment:negative'], 4 / 9);
    assert.equal(point!['sentiment:neutral'], 5 / 9);
  });

  it('gives no rate, rather than 0 or NaN, for a day without conversations', () => {
    const [point] = dailyPoints([row('2024-05-04', 'v1', { sentiment: { positive: 0 } })]);
    assert.equal(point!.containmentRate, null);
    assert.equal(point!.handoffRate, null);
    assert.equal(point!.outOfScopeRate, null);
    assert.equal(point!['sentiment:positive'], null);
  });

  it('does not change the rows it adds up', () => {
    const rows = [
      row('2024-05-01', 'v1', { conversations: 1, sentiment: { positive: 1 } }),
      row('2024-05-01', 'v2', { conversations: 2, sentiment: { positive: 2 } }),
    ];
    dailyPoints(rows);
    assert.equal(rows[0]!.conversations, 1);
    assert.deepEqual(rows[0]!.sentiment, { positive: 1 });
  });

  it('is empty without data', () => {
    assert.deepEqual(dailyPoints([]), []);
  });
});

describe('forVersion', () => {
  it('keeps every row for all versions', () => {
    assert.equal(forVersion(DAILY, ALL_VERSIONS), DAILY);
  });

  it('keeps one version, and the unclassified days under NO_VERSION', () => {
    assert.deepEqual(
      forVersion(DAILY, 'v2').map(({ day }) => day),
      ['2024-05-02', '2024-05-01'],
    );
    assert.deepEqual(
      forVersion(DAILY, NO_VERSION).map(({ day }) => day),
      ['2024-05-03'],
    );
    assert.deepEqual(forVersion(DAILY, 'v9'), []);
  });
});

describe('conversationsByVersion', () => {
  it('gives one column per version on each day, oldest day first', () => {
    assert.deepEqual(conversationsByVersion(DAILY), [
      { day: '2024-05-01', v1: 6, v2: 2 },
      { day: '2024-05-02', v2: 4 },
      { day: '2024-05-03', [NO_VERSION]: 1 },
    ]);
  });

  it('adds up repeated rows of one version and day', () => {
    assert.deepEqual(
      conversationsByVersion([row('2024-05-01', 'v1', { conversations: 2 }), row('2024-05-01', 'v1', { conversations: 3 })]),
      [{ day: '2024-05-01', v1: 5 }],
    );
  });

  it('is empty without data', () => {
    assert.deepEqual(conversationsByVersion([]), []);
  });
});

describe('sentimentLabels', () => {
  it('lists every label seen, sorted', () => {
    assert.deepEqual(sentimentLabels(DAILY), ['negative', 'neutral', 'positive']);
    assert.deepEqual(sentimentLabels([]), []);
  });
});

describe('versionKeys', () => {
  it('lists the known versions, then NO_VERSION when some days had no classification', () => {
    assert.deepEqual(versionKeys(ANALYTICS), ['v1', 'v2', 'v3', NO_VERSION]);
    assert.deepEqual(versionKeys({ ...ANALYTICS, versions: [], daily: [] }), []);
  });
});

describe('topIntents', () => {
  it('adds up an intent over all versions, largest first', () => {
    assert.deepEqual(topIntents(ANALYTICS, ALL_VERSIONS), [
      { intent: 'billing', count: 7 },
      { intent: 'shipping', count: 4 },
      { intent: 'greeting', count: 1 },
    ]);
  });

  it('counts only the selected version', () => {
    assert.deepEqual(topIntents(ANALYTICS, 'v2'), [
      { intent: 'shipping', count: 4 },
      { intent: 'billing', count: 2 },
    ]);
    assert.deepEqual(topIntents(ANALYTICS, 'v3'), [{ intent: 'greeting', count: 1 }]);
    // Every top intent was classified by some version: none falls under "no model".
    assert.deepEqual(topIntents(ANALYTICS, NO_VERSION), []);
  });

  it('leaves out the out-of-scope label, which is a rejection rather than an intent', () => {
    const withOutOfScope = {
      ...ANALYTICS,
      topIntents: [{ modelVersion: 'v1', intent: OUT_OF_SCOPE_INTENT, count: 9 }, ...ANALYTICS.topIntents],
    };
    assert.deepEqual(topIntents(withOutOfScope, ALL_VERSIONS), topIntents(ANALYTICS, ALL_VERSIONS));
  });

  it('stops at the limit', () => {
    assert.deepEqual(topIntents(ANALYTICS, ALL_VERSIONS, 1), [{ intent: 'billing', count: 7 }]);
  });

  it('is empty without data', () => {
    assert.deepEqual(topIntents({ ...ANALYTICS, topIntents: [] }, ALL_VERSIONS), []);
  });
});
