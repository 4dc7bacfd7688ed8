/**
 * JSON that can sit inside an inline `<script>`: `<` and `>` (no `</script>` or `<!--`), `&`, and the line
 * separators U+2028/U+2029 are written as `\u` escapes, which JavaScript reads back as the same characters.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
