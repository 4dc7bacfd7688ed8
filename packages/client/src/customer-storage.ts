/** Where the chat keeps the visitor token across visits: `localStorage` in a browser, anything alike elsewhere. */
export interface VisitorTokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** A storage that lives as long as the page or process: the default, so a reload starts a new visitor. */
export function memoryStorage(): VisitorTokenStorage {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

/** The key the token is kept under: one visitor per bot, so two widgets on one page do not share one. */
export const visitorTokenKey = (botKey: string): string => `parley.visitorToken.${botKey}`;
