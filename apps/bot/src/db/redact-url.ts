const MASK = '***';

/** The URL with its password masked, safe to log or put in an error message. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = MASK;
    if (url.searchParams.has('password')) url.searchParams.set('password', MASK);
    return url.toString();
  } catch {
    // Not a URL (perhaps a libpq keyword string, perhaps a typo): mask anything that looks like a secret.
    return raw.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/, `$1${MASK}@`).replace(/(password\s*=\s*)[^\s&]*/gi, `$1${MASK}`);
  }
}
