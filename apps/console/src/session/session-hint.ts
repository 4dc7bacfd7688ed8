const STORAGE_KEY = 'parley.console.loggedIn';

/**
 * Whether this browser logged in and has not logged out since. The session cookie is httpOnly, so the page cannot
 * see it; without this hint, every visit while logged out would probe GET /auth/me only to be refused (a 401 in
 * the browser console on each load). A stale hint costs one probe, which then clears it.
 */
export const sessionHint = {
  present: (): boolean => localStorage.getItem(STORAGE_KEY) !== null,
  set: (): void => localStorage.setItem(STORAGE_KEY, '1'),
  clear: (): void => localStorage.removeItem(STORAGE_KEY),
};
