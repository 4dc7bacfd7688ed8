import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { redactPii, type PiiCounts } from '../src/knowledge/llm/redact-pii.ts';

const none: PiiCounts = { email: 0, idNumber: 0, card: 0, phone: 0 };

const cases: { name: string; input: string; output: string; counts: Partial<PiiCounts> }[] = [
  { name: 'emails', input: 'write to jane.doe+shop@mail.example.co.uk', output: 'write to [EMAIL]', counts: { email: 1 } },
  { name: 'an email in Chinese text', input: '邮箱是zhang.san@qq.com，谢谢', output: '邮箱是[EMAIL]，谢谢', counts: { email: 1 } },
  { name: 'a card without spaces', input: 'card 4111111111111111 please', output: 'card [CARD] please', counts: { card: 1 } },
  { name: 'a card in groups', input: 'card 5555-5555-5555-4444.', output: 'card [CARD].', counts: { card: 1 } },
  { name: 'a card followed by its CVV', input: 'card 4111 1111 1111 1111 123', output: 'card [CARD] 123', counts: { card: 1 } },
  { name: 'a 15-digit Amex', input: 'amex 3782 822463 10005', output: 'amex [CARD]', counts: { card: 1 } },
  { name: 'a Chinese UnionPay card', input: '卡号6212260200103692642', output: '卡号[CARD]', counts: { card: 1 } },
  {
    name: 'Chinese ID numbers, with X or digit check characters',
    input: '身份证11010519491231002X和440524188001010014',
    output: '身份证[ID_NUMBER]和[ID_NUMBER]',
    counts: { idNumber: 2 },
  },
  { name: 'a Chinese mobile', input: '手机13800138000，', output: '手机[PHONE]，', counts: { phone: 1 } },
  { name: 'a Chinese mobile in groups with +86', input: 'call +86 138-0013-8000 now', output: 'call [PHONE] now', counts: { phone: 1 } },
  { name: 'a US number', input: 'or +1 (415) 555-2671.', output: 'or [PHONE].', counts: { phone: 1 } },
  { name: 'a UK number', input: 'ring +44 20 7946 0958', output: 'ring [PHONE]', counts: { phone: 1 } },
  { name: 'a German number written with dots', input: '+49.30.901820', output: '[PHONE]', counts: { phone: 1 } },
];

for (const { name, input, output, counts } of cases) {
  test(`redacts ${name}`, () => {
    assert.deepEqual(redactPii(input), { text: output, counts: { ...none, ...counts } });
  });
}

const untouched = [
  ['a card number failing Luhn', 'card 4111 1111 1111 1112'],
  ['an order number', 'order 20240611-000123 shipped'],
  ['a long tracking code', 'tracking 123456789012345678901234'],
  ['an ID number with a wrong check character', '身份证110105194912310021'],
  ['an 18-digit number with no valid birth date', '110105194913310028'],
  ['a short signed number', 'the score was +3 and the price +12.50'],
  ['a landline-length number with no +', 'room 0102 floor 3'],
  ['a 12-digit mobile lookalike', '138001380001'],
] as const;

for (const [name, input] of untouched) {
  test(`leaves ${name} alone`, () => {
    assert.deepEqual(redactPii(input), { text: input, counts: none });
  });
}

test('counts each occurrence, kind by kind', () => {
  const { text, counts } = redactPii('a@b.io, c@d.io, 13900001111, 4242424242424242, 11010519491231002X');
  assert.equal(text, '[EMAIL], [EMAIL], [PHONE], [CARD], [ID_NUMBER]');
  assert.deepEqual(counts, { email: 2, idNumber: 1, card: 1, phone: 1 });
});

/** A Luhn-valid number of the given length, from random leading digits. */
const luhnValid = (body: number[]): string => {
  const sum = body
    .slice()
    .reverse()
    .reduce((total, digit, index) => total + (index % 2 === 0 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit), 0);
  return `${body.join('')}${(10 - (sum % 10)) % 10}`;
};

test('any Luhn-valid 13 to 19 digit number in text loses its digits', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 18 }),
      fc.constantFrom(' ', '-', ''),
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', '。', '中') }),
      (body, separator, around) => {
        const card = luhnValid(body);
        const written = separator ? card.replace(/(\d{4})(?=\d)/g, `$1${separator}`) : card;
        const { text } = redactPii(`${around} ${written} ${around}`);
        assert.doesNotMatch(text, /\d/, `${written} survived as ${text}`);
      },
    ),
  );
});

test('text with no digit and no @ comes back unchanged', () => {
  fc.assert(
    fc.property(
      fc.string().filter((text) => !/[\d@]/.test(text)),
      (text) => {
        assert.deepEqual(redactPii(text), { text, counts: none });
      },
    ),
  );
});
