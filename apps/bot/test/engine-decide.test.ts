import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Classification } from '@parley/model';
import type { ConversationStatus } from '@parley/protocol';
import { parseBotConfig, type BotConfigInput } from '../src/engine/bot-config.ts';
import { decide, mayAnswerFromKnowledge, type DecideInput, type Decision } from '../src/engine/decide.ts';

const shop: BotConfigInput = {
  answers: {
    track_order: {
      text: 'You can follow your parcel at shop.example/track.',
      quickReplies: [{ label: 'Where is my refund?', value: 'refund_status' }],
    },
    refund_status: { text: 'Refunds reach your account 5–7 days after we receive the item.' },
    cancel_order: { text: 'Orders can be cancelled from "My orders" until they ship.' },
    opening_hours: { text: 'Our team is here Monday to Friday, 9:00–17:00.' },
    reset_password: { text: 'Use "Forgot password" on the sign-in page.' },
  },
  intentDisplayNames: { track_order: 'tracking an order' },
};
const config = parseBotConfig(shop);
const withConfig = (overrides: BotConfigInput) => parseBotConfig({ ...shop, ...overrides });

type Scores = [label: string, confidence: number][];

/** A classification as the model reports it: intent candidates best first, sentiment as probabilities. */
function classified(top: Scores, options: { oos?: boolean; sentiment?: Record<string, number> } = {}): Classification {
  const [label, confidence] = top[0]!;
  const result: Classification = {
    language: 'en',
    intent: { label, confidence, top: top.map(([l, c]) => ({ label: l, confidence: c })), outOfScope: options.oos ?? false },
  };
  if (options.sentiment) {
    const [sLabel, score] = Object.entries(options.sentiment).sort((a, b) => b[1] - a[1])[0]!;
    result.sentiment = { label: sLabel, score, probabilities: options.sentiment };
  }
  return result;
}

const calm = { positive: 0.2, neutral: 0.7, negative: 0.1 };
const furious = { positive: 0.02, neutral: 0.05, negative: 0.93 };

function turn(text: string, classification: Classification | undefined, input: Partial<DecideInput> = {}): Decision {
  return decide({ config, status: 'bot', failureCount: 0, text, classification, ...input });
}

const pick = (d: Decision) => [d.kind, d.nextStatus, d.failureCount];
/** A field of whichever kind of decision came back, for assertions that need not narrow it first. */
const get = (d: Decision, key: string): unknown => (d as Record<string, unknown>)[key];
const replyOf = (d: Decision) => ('reply' in d ? d.reply : undefined);

/** Feeds messages through decide as the server would, writing back status and failure count each turn. */
function converse(messages: [string, Classification | undefined][], input: Partial<DecideInput> = {}): Decision[] {
  let status: ConversationStatus = input.status ?? 'bot';
  let failureCount = input.failureCount ?? 0;
  return messages.map(([text, classification]) => {
    const decision = decide({ config, ...input, status, failureCount, text, classification });
    ({ nextStatus: status, failureCount } = decision);
    return decision;
  });
}

const confident = classified(
  [
    ['track_order', 0.92],
    ['refund_status', 0.05],
  ],
  { sentiment: calm },
);
const unsure = classified([
  ['track_order', 0.35],
  ['refund_status', 0.3],
  ['cancel_order', 0.2],
]);
const lost = classified([
  ['opening_hours', 0.12],
  ['track_order', 0.1],
]);
const outOfScope = classified(
  [
    ['oos', 0.8],
    ['track_order', 0.1],
  ],
  { oos: true },
);

describe('conversation status', () => {
  test('assigned: the bot stays silent whatever the message says', () => {
    const decision = turn('this is useless, get me a human', classified([['human_agent', 0.99]], { sentiment: furious }), {
      status: 'assigned',
      failureCount: 1,
    });
    assert.deepEqual(decision, { kind: 'muted', nextStatus: 'assigned', failureCount: 1 });
  });

  test('waiting: the customer is told an agent is coming, and nothing counts as a failure', () => {
    for (const classification of [undefined, outOfScope, classified([['human_agent', 0.9]], { sentiment: furious })]) {
      assert.deepEqual(turn('hello??', classification, { status: 'waiting', failureCount: 0 }), {
        kind: 'waiting',
        reply: { text: config.texts.waitingForAgent },
        nextStatus: 'waiting',
        failureCount: 0,
      });
    }
  });

  test('closed: the message reopens the conversation as a fresh bot turn', () => {
    const answer = turn('where is my parcel', confident, { status: 'closed', failureCount: 2 });
    assert.equal(answer.kind, 'answer');
    assert.equal(answer.nextStatus, 'bot');
    // Failures from before the close do not count towards a handoff now.
    assert.deepEqual(pick(turn('blorp', lost, { status: 'closed', failureCount: 2 })), ['fallback', 'bot', 1]);
    assert.deepEqual(pick(turn('get me a human', undefined, { status: 'closed' })), ['handoff', 'waiting', 0]);
  });
});

describe('handoff', () => {
  test('a handoff intent at clarify confidence or above is an explicit request, even when flagged out of scope', () => {
    for (const oos of [false, true]) {
      assert.deepEqual(turn('can someone call me', classified([['speak_to_human', 0.25]], { oos }), { failureCount: 1 }), {
        kind: 'handoff',
        reason: 'customer_request',
        reply: { text: config.texts.handoff },
        nextStatus: 'waiting',
        failureCount: 0,
      });
    }
    assert.equal(
      turn(
        'can someone call me',
        classified([
          ['speak_to_human', 0.15],
          ['track_order', 0.1],
        ]),
      ).kind,
      'fallback',
    );
  });

  test('a handoff phrase is an explicit request whatever the classifier says, in any case or width', () => {
    for (const text of ['I want a REAL PERSON', 'ＨＵＭＡＮ please', '转人工', '我要找客服', 'Operator!']) {
      assert.equal(turn(text, undefined).kind, 'handoff', text);
      assert.deepEqual(turn(text, confident), { ...turn(text, undefined) }, text);
    }
  });

  test('an upset customer the bot cannot answer is handed off at once, not asked to rephrase', () => {
    const unsure = classified(
      [
        ['track_order', 0.3],
        ['cancel_order', 0.25],
      ],
      { sentiment: furious },
    );
    assert.deepEqual(pick(turn('WHERE IS MY STUFF, three weeks now', unsure)), ['handoff', 'waiting', 0]);
    assert.equal(get(turn('WHERE IS MY STUFF, three weeks now', unsure), 'reason'), 'negative_sentiment');
    const calmUnsure = classified(
      [
        ['track_order', 0.3],
        ['cancel_order', 0.25],
      ],
      { sentiment: calm },
    );
    assert.equal(turn('my stuff, three weeks now', calmUnsure).kind, 'clarify');
  });

  test('an upset customer the bot can answer gets the answer, with a person one press away', () => {
    const angry = classified([['track_order', 0.92]], { sentiment: furious });
    const d = turn('WHERE IS MY ORDER, three weeks now', angry);
    assert.deepEqual(pick(d), ['answer', 'bot', 0]);
    assert.deepEqual(replyOf(d)?.quickReplies?.at(-1), { label: 'Talk to a person', value: 'human_agent' });
    // The button is a handoff intent, so pressing it hands off.
    const pressed = turn('Talk to a person', undefined, { quickReplyValue: 'human_agent' });
    assert.equal(get(pressed, 'reason'), 'customer_request');
    const annoyed = classified([['track_order', 0.92]], { sentiment: { negative: 0.8, neutral: 0.2 } });
    assert.equal(replyOf(turn('still waiting on my order', annoyed))?.quickReplies?.length, 1);
  });

  test("a binary sentiment model's '0' label counts as negative by default", () => {
    const binary = classified([['track_order', 0.3]], { sentiment: { '0': 0.9, '1': 0.1 } });
    assert.equal(turn('terrible, where is it', binary).kind, 'handoff');
  });

  test('sentiment reads the negative label’s own probability, not just the top label', () => {
    const split = classified([['track_order', 0.3]], { sentiment: { neutral: 0.5, negative: 0.45, positive: 0.05 } });
    assert.equal(turn('hmm where is it', split).kind, 'fallback');
    const touchy = withConfig({ thresholds: { negativeSentiment: 0.4 } });
    assert.equal(turn('hmm where is it', split, { config: touchy }).kind, 'handoff');
  });

  test('precedence: an explicit request outranks negative sentiment, which outranks a confident answer', () => {
    const angryAsk = classified([['human_agent', 0.9]], { sentiment: furious });
    assert.equal(get(turn('get me a manager NOW', angryAsk), 'reason'), 'customer_request');
    assert.equal(get(turn('my user agent string is wrong', confident), 'reason'), 'customer_request');
  });

  test("a bot's own handoff intents and phrases take effect", () => {
    const complaint = classified([
      ['complaint', 0.7],
      ['refund_status', 0.2],
    ]);
    assert.equal(turn('I wish to complain', complaint).kind, 'fallback');
    assert.equal(turn('I wish to complain', complaint, { config: withConfig({ handoffIntents: ['complaint'] }) }).kind, 'handoff');
    // Replacing the phrases lets a travel shop talk about agents without being handed off.
    const travel = withConfig({ handoffPhrases: ['real person'] });
    assert.equal(turn('do you work with a travel agent', confident, { config: travel }).kind, 'answer');
  });
});

describe('bot turns', () => {
  test('a confident, in-scope intent with an answer is answered and resets the failure count', () => {
    assert.deepEqual(turn('where is my parcel', confident, { failureCount: 2 }), {
      kind: 'answer',
      intent: 'track_order',
      reply: shop.answers!.track_order,
      nextStatus: 'bot',
      failureCount: 0,
    });
    // No quick replies configured, none in the reply: not even an undefined key.
    assert.deepEqual(replyOf(turn('refund?', classified([['refund_status', 0.8]]))), { text: shop.answers!.refund_status!.text });
  });

  test('a confident intent without a configured answer falls back and says so', () => {
    assert.deepEqual(turn('do you sell gift cards', classified([['gift_cards', 0.9]]), { failureCount: 1 }), {
      kind: 'fallback',
      cause: 'no_answer',
      reply: { text: config.texts.fallback },
      nextStatus: 'bot',
      failureCount: 2,
    });
  });

  test('out of scope, no model and too unsure each fall back with their own cause', () => {
    const cause = (c: Classification | undefined) => get(turn('x', c), 'cause');
    assert.equal(cause(outOfScope), 'out_of_scope');
    assert.equal(cause(classified([['track_order', 0.9]], { oos: true })), 'out_of_scope');
    assert.equal(cause(undefined), 'no_classification');
    assert.equal(
      cause({ language: 'en', sentiment: { label: 'neutral', score: 0.9, probabilities: { neutral: 0.9 } } }),
      'no_classification',
    );
    assert.equal(cause(lost), 'low_confidence');
  });

  test('between the thresholds the bot asks which of the top two intents was meant', () => {
    assert.deepEqual(turn('my order', unsure, { failureCount: 1 }), {
      kind: 'clarify',
      options: ['track_order', 'refund_status'],
      reply: {
        text: 'Did you mean tracking an order or refund status?',
        quickReplies: [
          { label: 'tracking an order', value: 'track_order' },
          { label: 'refund status', value: 'refund_status' },
        ],
      },
      nextStatus: 'bot',
      failureCount: 2,
    });
  });

  test('clarifying offers only intents the bot can act on, a handoff intent included', () => {
    const withUnknown = classified([
      ['gift_cards', 0.4],
      ['cancel_order', 0.3],
      ['human_agent', 0.15],
    ]);
    assert.deepEqual(get(turn('can I cancel the voucher', withUnknown), 'options'), ['cancel_order', 'human_agent']);
    const onlyOne = classified([
      ['gift_cards', 0.4],
      ['cancel_order', 0.3],
      ['oos', 0.2],
    ]);
    assert.deepEqual([turn('voucher', onlyOne).kind, get(turn('voucher', onlyOne), 'cause')], ['fallback', 'low_confidence']);
  });

  test('the clarify template is per bot, and display names are inserted literally', () => {
    const custom = withConfig({
      texts: { clarify: '{option2} — or rather {option1}?' },
      intentDisplayNames: { track_order: 'parcel $& tracking', refund_status: 'refunds $1' },
    });
    assert.equal(replyOf(turn('my order', unsure, { config: custom }))?.text, 'refunds $1 — or rather parcel $& tracking?');
  });
});

describe('failure counter', () => {
  test('counts consecutive failures, resets on an answer, and hands off on the turn after maxFailures', () => {
    const kinds = converse([
      ['blorp', lost],
      ['my order', unsure],
      ['where is my parcel', confident],
      ['what about the weather', outOfScope],
      ['and tomorrow?', outOfScope],
      ['hello???', outOfScope],
      ['anyone?', outOfScope],
    ]).map(pick);
    assert.deepEqual(kinds, [
      ['fallback', 'bot', 1],
      ['clarify', 'bot', 2],
      ['answer', 'bot', 0],
      ['fallback', 'bot', 1],
      ['fallback', 'bot', 2],
      ['handoff', 'waiting', 0],
      ['waiting', 'waiting', 0],
    ]);
  });

  test('the tipping failure decides the protocol reason; the exact cause is kept', () => {
    const tipped = (c: Classification | undefined) => {
      const d = turn('x', c, { failureCount: 2 });
      assert.equal(d.kind, 'handoff');
      return [get(d, 'reason'), get(d, 'cause')];
    };
    assert.deepEqual(tipped(outOfScope), ['out_of_scope', 'out_of_scope']);
    assert.deepEqual(tipped(classified([['gift_cards', 0.9]])), ['out_of_scope', 'no_answer']);
    assert.deepEqual(tipped(lost), ['low_confidence', 'low_confidence']);
    assert.deepEqual(tipped(unsure), ['low_confidence', 'low_confidence']);
    assert.deepEqual(tipped(undefined), ['low_confidence', 'no_classification']);
  });

  test('maxFailures is per bot: 0 hands off on the first failure', () => {
    assert.equal(turn('blorp', lost, { config: withConfig({ thresholds: { maxFailures: 0 } }) }).kind, 'handoff');
    assert.equal(turn('blorp', lost, { failureCount: 1, config: withConfig({ thresholds: { maxFailures: 5 } }) }).kind, 'fallback');
  });
});

describe('per-bot configuration', () => {
  test('the same message and classification lead to different decisions under different configs', () => {
    const c = classified([
      ['track_order', 0.6],
      ['refund_status', 0.3],
    ]);
    assert.equal(turn('parcel?', c).kind, 'answer');
    assert.equal(turn('parcel?', c, { config: withConfig({ thresholds: { answerConfidence: 0.8 } }) }).kind, 'clarify');
    assert.equal(turn('parcel?', lost, { config: withConfig({ thresholds: { clarifyConfidence: 0.05 } }) }).kind, 'clarify');
    const other = withConfig({ answers: { track_order: { text: 'Tracking lives in the app.' } } });
    assert.deepEqual(replyOf(turn('parcel?', c, { config: other })), { text: 'Tracking lives in the app.' });
    assert.equal(replyOf(turn('blorp', lost, { config: withConfig({ texts: { fallback: 'Pardon?' } }) }))?.text, 'Pardon?');
  });
});

describe('quick replies', () => {
  test('a pressed value naming a configured intent is acted on for certain', () => {
    assert.equal(turn('tracking an order', unsure, { quickReplyValue: 'track_order' }).kind, 'answer');
    assert.equal(turn('Where is my refund?', outOfScope, { quickReplyValue: 'refund_status' }).kind, 'answer');
    assert.equal(turn('talk to us', undefined, { quickReplyValue: 'contact_human_agent' }).kind, 'handoff');
  });

  test('any other value (a canned utterance) leaves the decision to the classification', () => {
    assert.equal(turn('Sounds good', unsure, { quickReplyValue: 'sounds good' }).kind, 'clarify');
    // Object.prototype keys are not intents.
    assert.equal(turn('x', outOfScope, { quickReplyValue: 'constructor' }).kind, 'fallback');
  });
});

test('an intent labelled like an Object.prototype key has no answer', () => {
  assert.equal(get(turn('x', classified([['toString', 0.9]])), 'cause'), 'no_answer');
});

describe('realistic messages', () => {
  const cases: [text: string, classification: Classification | undefined, expected: string][] = [
    [
      'Where is my parcel? Ordered last Monday.',
      classified(
        [
          ['track_order', 0.94],
          ['refund_status', 0.02],
        ],
        { sentiment: calm },
      ),
      'answer:track_order',
    ],
    [
      'hi, can you tell me when you open tomorrow',
      classified([
        ['opening_hours', 0.81],
        ['track_order', 0.05],
      ]),
      'answer:opening_hours',
    ],
    [
      'forgot my password again lol',
      classified([['reset_password', 0.88]], { sentiment: { positive: 0.6, neutral: 0.3, negative: 0.1 } }),
      'answer:reset_password',
    ],
    [
      'I need to cancel order 4411 before it ships',
      classified([
        ['cancel_order', 0.77],
        ['track_order', 0.12],
      ]),
      'answer:cancel_order',
    ],
    [
      '我的退款什么时候到账',
      {
        ...classified([
          ['refund_status', 0.71],
          ['track_order', 0.2],
        ]),
        language: 'zh',
      },
      'answer:refund_status',
    ],
    [
      'still no refund after 3 weeks, this is a scam',
      classified([['refund_status', 0.9]], { sentiment: { negative: 0.96, neutral: 0.04 } }),
      'answer:refund_status',
    ],
    [
      'absolutely furious, the box arrived smashed',
      classified([['complaint', 0.4]], { sentiment: { '0': 0.91, '1': 0.09 } }),
      'handoff:negative_sentiment',
    ],
    [
      // Out of scope: the sentiment model's reading of a message about nothing the bot knows is not acted on.
      'absolutely furious about the weather today',
      classified([['oos', 0.6]], { oos: true, sentiment: { '0': 0.91, '1': 0.09 } }),
      'fallback:out_of_scope',
    ],
    ['can I speak to a real person please', classified([['speak_to_human', 0.83]]), 'handoff:customer_request'],
    ['agent', undefined, 'handoff:customer_request'],
    ['请帮我转人工', { ...classified([['oos', 0.5]], { oos: true }), language: 'zh' }, 'handoff:customer_request'],
    [
      'is there someone I could call',
      classified([
        ['contact_human_agent', 0.33],
        ['opening_hours', 0.3],
      ]),
      'handoff:customer_request',
    ],
    [
      'my order',
      classified([
        ['track_order', 0.41],
        ['cancel_order', 0.38],
      ]),
      'clarify:track_order,cancel_order',
    ],
    [
      'money back?',
      classified([
        ['refund_status', 0.3],
        ['cancel_order', 0.25],
        ['track_order', 0.2],
      ]),
      'clarify:refund_status,cancel_order',
    ],
    ['do you ship to Iceland', classified([['shipping_countries', 0.86]]), 'fallback:no_answer'],
    [
      "what's the weather in Paris",
      classified(
        [
          ['oos', 0.91],
          ['opening_hours', 0.03],
        ],
        { oos: true },
      ),
      'fallback:out_of_scope',
    ],
    [
      // Flagged out of scope only for its low confidence: an unsure guess, asked about like any other.
      'what time, my order',
      classified(
        [
          ['opening_hours', 0.4],
          ['track_order', 0.3],
        ],
        { oos: true },
      ),
      'clarify:opening_hours,track_order',
    ],
    [
      // The model's out-of-scope label itself: nothing to ask about.
      'tell me a joke',
      classified(
        [
          ['oos', 0.6],
          ['opening_hours', 0.2],
        ],
        { oos: true },
      ),
      'fallback:out_of_scope',
    ],
    [
      'asdfgh',
      classified([
        ['reset_password', 0.11],
        ['track_order', 0.1],
      ]),
      'fallback:low_confidence',
    ],
    ['thanks!', undefined, 'fallback:no_classification'],
    [
      'the app keeps logging me out, not happy',
      classified([['reset_password', 0.55]], { sentiment: { negative: 0.7, neutral: 0.3 } }),
      'answer:reset_password',
    ],
    // The documented price of substring phrases: a false positive, which an owner can remove from the list.
    ['The human resources page is broken', classified([['oos', 0.7]], { oos: true }), 'handoff:customer_request'],
  ];

  const summary = (d: Decision): string => {
    switch (d.kind) {
      case 'answer':
        return `answer:${d.intent}`;
      case 'handoff':
        return `handoff:${d.reason}`;
      case 'clarify':
        return `clarify:${d.options.join(',')}`;
      case 'fallback':
        return `fallback:${d.cause}`;
      default:
        return d.kind;
    }
  };

  for (const [text, classification, expected] of cases) {
    test(`${text} → ${expected}`, () => assert.equal(summary(turn(text, classification)), expected));
  }
});

describe('small talk', () => {
  test('a confident small-talk intent gets its built-in reply and counts as neither success nor failure', () => {
    const d = turn('hi there', classified([['smalltalk.greeting', 0.9]]), { failureCount: 1 });
    assert.deepEqual(pick(d), ['smalltalk', 'bot', 1]);
    assert.equal(get(d, 'intent'), 'smalltalk.greeting');
    assert.equal(replyOf(d)?.text, 'Hi! How can I help you today?');
  });

  test("an owner's reply replaces the built-in one", () => {
    const own = withConfig({ smallTalk: { 'smalltalk.thanks': { text: 'Any time! — the Shop team' } } });
    const d = decide({ config: own, status: 'bot', failureCount: 0, text: 'thx', classification: classified([['smalltalk.thanks', 0.8]]) });
    assert.equal(replyOf(d)?.text, 'Any time! — the Shop team');
  });

  test('unsure small talk is no answer: it falls back like any unsure intent, and is never offered as a clarifying option', () => {
    const d = turn(
      'hmm',
      classified([
        ['smalltalk.ok', 0.3],
        ['track_order', 0.25],
      ]),
    );
    assert.notEqual(d.kind, 'smalltalk');
    if (d.kind === 'clarify') assert.ok(!d.options.some((o) => o.startsWith('smalltalk.')));
  });

  test('a request for a person outranks small talk', () => {
    assert.equal(turn('hello, human please', classified([['smalltalk.greeting', 0.9]])).kind, 'handoff');
  });
});

describe('the customer’s language', () => {
  const zh = (c: Classification): Classification => ({ ...c, language: 'zh' });

  test('a Chinese message gets the built-in Chinese texts: fallback, clarify, handoff, waiting and small talk', () => {
    assert.match(replyOf(turn('今天天气怎么样', zh(classified([['oos', 0.9]], { oos: true }))))!.text, /抱歉/);
    assert.match(
      replyOf(
        turn(
          '我的订单',
          zh(
            classified([
              ['track_order', 0.4],
              ['cancel_order', 0.3],
            ]),
          ),
        ),
      )!.text,
      /请问您是指/,
    );
    assert.match(replyOf(turn('转人工', zh(classified([['oos', 0.9]], { oos: true }))))!.text, /人工客服/);
    assert.match(replyOf(turn('在吗', zh(classified([['oos', 0.9]])), { status: 'waiting' }))!.text, /客服/);
    assert.match(replyOf(turn('你好', zh(classified([['smalltalk.greeting', 0.95]]))))!.text, /您好/);
  });

  test("a translated answer is used for Chinese, the default language's answer where there is none", () => {
    const bilingual = withConfig({ locales: { zh: { answers: { track_order: { text: '您可以在 shop.example/track 查看物流。' } } } } });
    const ask = (text: string, label: string) =>
      decide({ config: bilingual, status: 'bot', failureCount: 0, text, classification: zh(classified([[label, 0.9]])) });
    assert.equal(replyOf(ask('我的快递到哪了', 'track_order'))?.text, '您可以在 shop.example/track 查看物流。');
    assert.equal(replyOf(ask('取消订单', 'cancel_order'))?.text, shop.answers!['cancel_order']!.text);
    assert.equal(replyOf(turn('where is my parcel', classified([['track_order', 0.9]])))?.text, shop.answers!['track_order']!.text);
  });

  test('owner texts for a locale replace the built-in translations', () => {
    const own = withConfig({ locales: { zh: { texts: { fallback: '没听懂，请再说一遍～' } } } });
    const d = decide({
      config: own,
      status: 'bot',
      failureCount: 0,
      text: '啊',
      classification: zh(classified([['oos', 0.9]], { oos: true })),
    });
    assert.equal(replyOf(d)?.text, '没听懂，请再说一遍～');
  });
});

describe('sentiment handoff needs a message with substance', () => {
  const cases: [string, Classification][] = [
    ['asdkjh qwpoe zzz', classified([['oos', 0.9]], { oos: true, sentiment: furious })],
    ['ugh', classified([['track_order', 0.9]], { sentiment: furious })],
    ['退款!!', classified([['refund_status', 0.9]], { sentiment: furious })],
    ['ok whatever thanks', classified([['smalltalk.ok', 0.9]], { sentiment: furious })],
  ];
  for (const [text, classification] of cases) {
    test(`"${text}" is not handed off on sentiment`, () =>
      assert.notEqual(get(turn(text, classification), 'reason'), 'negative_sentiment'));
  }

  test('an in-scope complaint of a few words is', () => {
    const unsure = (language: 'en' | 'zh'): Classification => ({
      ...classified([['refund_status', 0.3]], { sentiment: furious }),
      language,
    });
    assert.equal(get(turn('my refund is STILL not here', unsure('en')), 'reason'), 'negative_sentiment');
    assert.equal(get(turn('退款怎么还没到账啊', unsure('zh')), 'reason'), 'negative_sentiment');
    const answered = turn('退款怎么还没到账啊', { ...classified([['refund_status', 0.9]], { sentiment: furious }), language: 'zh' });
    assert.equal(replyOf(answered)?.quickReplies?.at(-1)?.label, '转人工客服');
  });
});

describe('knowledge answers', () => {
  const knowledge = {
    text: 'Every blender has a two year warranty.',
    citations: [{ number: 1, title: 'Warranty', url: 'https://help.example/warranty', documentId: 'doc-1' }],
  };
  const withKnowledge = (text: string, classification: Classification | undefined, input: Partial<DecideInput> = {}) => {
    const before = turn(text, classification, input);
    const cfg = input.config ?? config;
    return { before, after: mayAnswerFromKnowledge(cfg, before) ? turn(text, classification, { ...input, knowledge }) : before };
  };

  test('an out-of-scope message, an unsure one and an unanswerable intent get the cited answer, which resets failures', () => {
    for (const classification of [
      classified([['out_of_scope', 0.9]], { oos: true }),
      classified([['track_order', 0.1]]),
      classified([['warranty_question', 0.9]]),
      undefined,
    ]) {
      const { before, after } = withKnowledge('how long is the blender warranty?', classification, { failureCount: 1 });
      assert.equal(before.kind, 'fallback');
      assert.deepEqual(pick(after), ['knowledge', 'bot', 0]);
      assert.deepEqual(replyOf(after), { text: knowledge.text, citations: knowledge.citations });
    }
  });

  test('a clarifying question and a handoff for too many failures give way to it; a request for a person never does', () => {
    const unsure = withKnowledge(
      'blender',
      classified([
        ['track_order', 0.4],
        ['cancel_order', 0.35],
      ]),
    );
    assert.equal(unsure.before.kind, 'clarify');
    assert.equal(unsure.after.kind, 'knowledge');
    const tired = withKnowledge('warranty?', classified([['out_of_scope', 0.9]], { oos: true }), { failureCount: 2 });
    assert.equal(tired.before.kind, 'handoff');
    assert.deepEqual(pick(tired.after), ['knowledge', 'bot', 0]);
    const person = withKnowledge('I want a human', classified([['human_agent', 0.9]]));
    assert.equal(person.before.kind, 'handoff');
    assert.equal(mayAnswerFromKnowledge(config, person.before), false);
    assert.equal(person.after.kind, 'handoff');
  });

  test('a confident intent keeps its own answer unless the owner listed it in knowledgeIntents', () => {
    const own = withKnowledge('where is my parcel', classified([['track_order', 0.95]]));
    assert.equal(own.after.kind, 'answer');
    const listed = withConfig({ knowledgeIntents: ['track_order'] });
    const fromDocs = withKnowledge('where is my parcel', classified([['track_order', 0.95]]), { config: listed });
    assert.equal(fromDocs.after.kind, 'knowledge');
    assert.equal(get(fromDocs.after, 'intent'), 'track_order');
  });

  test('an upset customer gets the cited answer with a person one press away, not a handoff', () => {
    const { before, after } = withKnowledge(
      'this blender broke after a month and nobody helps me',
      classified([['out_of_scope', 0.9]], { oos: true, sentiment: furious }),
    );
    assert.equal(before.kind, 'fallback', 'out of scope never counts as upset');
    const upset = withKnowledge(
      'this blender broke after a month and nobody helps me',
      classified([['track_order', 0.1]], { sentiment: furious }),
    );
    assert.equal(upset.before.kind, 'handoff');
    assert.equal(upset.after.kind, 'knowledge');
    assert.deepEqual(
      replyOf(upset.after)?.quickReplies?.map((r) => r.value),
      ['human_agent'],
    );
    assert.equal(after.kind, 'knowledge');
  });
});
