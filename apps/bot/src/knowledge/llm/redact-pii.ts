/**
 * Hand-written: no PII library is a dependency here (validator arrives only transitively, and it checks whole
 * strings rather than finding numbers inside free text).
 *
 * Numbers are redacted only when they pass their checksum (Luhn for cards, ISO 7064 for Chinese ID numbers), so
 * order numbers and tracking codes, which the model needs to answer, mostly go through untouched.
 */

export type PiiKind = 'email' | 'idNumber' | 'card' | 'phone';

export type PiiCounts = Record<PiiKind, number>;

export interface Redaction {
  text: string;
  counts: PiiCounts;
}

/** What stands in for each kind, so the model still knows something was there. */
export const PII_PLACEHOLDERS: Record<PiiKind, string> = {
  email: '[EMAIL]',
  idNumber: '[ID_NUMBER]',
  card: '[CARD]',
  phone: '[PHONE]',
};

// An ASCII local part: Chinese text runs straight into an address with no space, and must stay outside it.
const EMAIL = /[A-Za-z0-9._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

// 6-digit region, birth date YYYYMMDD, 3-digit sequence, check character.
const CHINESE_ID = /(?<![\dA-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g;
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARACTERS = '10X98765432';

// A digit run of 13 or more with single spaces or dashes between groups; the checksum then picks out the card in it.
// Not after "+", which opens a phone number.
const DIGIT_RUN = /(?<![\d+])\d(?:[ -]?\d){12,}(?!\d)/g;

const CHINESE_MOBILE = /(?<![\d+])(?:(?:\+|00)86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g;
const INTERNATIONAL_PHONE = /(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){1,6}(?!\d)/g;
// E.164 numbers carry at most 15 digits; fewer than 8 after a "+" is more likely a score or a price.
const PHONE_DIGITS = { min: 8, max: 15 };

const digitsOf = (text: string): string => text.replace(/\D/g, '');

function passesChineseIdChecksum(id: string): boolean {
  const sum = ID_WEIGHTS.reduce((total, weight, index) => total + weight * Number(id[index]), 0);
  return ID_CHECK_CHARACTERS[sum % 11] === id[17]!.toUpperCase();
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * The run with its card number replaced, if it holds one: the longest span of whole groups with 13-19 digits that
 * passes Luhn, so "4111 1111 1111 1111 123" (a card and its CVV) still loses the card.
 */
function redactCardIn(run: string, onFound: () => void): string {
  const groups = run.split(/(?<=\d)(?=[ -])|(?<=[ -])(?=\d)/);
  const digitGroups = groups.map((group, index) => ({ group, index })).filter(({ group }) => /\d/.test(group));
  for (let length = digitGroups.length; length >= 1; length--) {
    for (let start = 0; start + length <= digitGroups.length; start++) {
      const span = digitGroups.slice(start, start + length);
      const digits = span.map(({ group }) => group).join('');
      if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) continue;
      onFound();
      const first = span[0]!.index;
      const last = span[span.length - 1]!.index;
      return [...groups.slice(0, first), PII_PLACEHOLDERS.card, ...groups.slice(last + 1)].join('');
    }
  }
  return run;
}

/** Replaces emails, phone numbers, payment card numbers and Chinese resident ID numbers; counts each kind. */
export function redactPii(text: string): Redaction {
  const counts: PiiCounts = { email: 0, idNumber: 0, card: 0, phone: 0 };
  const replaceWhere = (source: string, pattern: RegExp, kind: PiiKind, holds: (match: string) => boolean): string =>
    source.replace(pattern, (match) => {
      if (!holds(match)) return match;
      counts[kind]++;
      return PII_PLACEHOLDERS[kind];
    });

  // Emails first (they hold digits), then ID numbers before cards: an 18-digit ID passes Luhn one time in ten.
  let redacted = replaceWhere(text, EMAIL, 'email', () => true);
  redacted = replaceWhere(redacted, CHINESE_ID, 'idNumber', passesChineseIdChecksum);
  redacted = redacted.replace(DIGIT_RUN, (run) => redactCardIn(run, () => counts.card++));
  redacted = replaceWhere(redacted, CHINESE_MOBILE, 'phone', () => true);
  redacted = replaceWhere(redacted, INTERNATIONAL_PHONE, 'phone', (match) => {
    const digits = digitsOf(match).length;
    return digits >= PHONE_DIGITS.min && digits <= PHONE_DIGITS.max;
  });
  return { text: redacted, counts };
}
