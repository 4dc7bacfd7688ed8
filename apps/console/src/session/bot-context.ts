import { createContext, useContext } from 'react';
import type { BotInfo } from '../api/types.ts';

export interface BotState {
  bots: BotInfo[];
  bot: BotInfo | null;
  selectBot(botId: string): void;
  /** Re-reads the bots, e.g. after the live model version changed. */
  reload(): void;
}

export const BotContext = createContext<BotState | null>(null);

export function useBots(): BotState {
  const state = useContext(BotContext);
  if (!state) throw new Error('useBots needs a BotProvider above it');
  return state;
}
