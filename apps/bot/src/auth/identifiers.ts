/**
 * The one spelling of an operator's email: what is stored, what a login looks up (with plain `=`) and what the
 * login throttle counts attempts under. Because all three use this function and nothing else (no SQL lower(),
 * whose result depends on the database's locale), every string that logs in to an account maps to that
 * account's throttle key, so no spelling of an address gets a fresh set of attempts.
 *
 * - NFKC first, so compatibility forms (fullwidth `ＡＤＭＩＮ＠…`, the Kelvin sign, ligatures) become the
 *   ordinary letters they stand for, then case-folded like those.
 * - Lower case with Unicode's default, locale-independent mapping (never toLocaleLowerCase): the same on every
 *   server. Under it the Turkish capital dotted İ becomes `i` + U+0307 (combining dot above), not `i`, so
 *   `admİn@x` is a different address from `admin@x` and does not log in to it. The dotless ı stays ı.
 * - NFKC again, since lower-casing can leave a sequence that is no longer normalised; trimmed last, because
 *   NFKC turns some spaces (the ideographic one) into plain ones.
 *
 * Idempotent: a stored (already normalised) email normalises to itself.
 */
export function normalizeEmail(email: string): string {
  return email.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
}
