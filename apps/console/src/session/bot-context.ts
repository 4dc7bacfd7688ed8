import { createRequiredContext } from '../lib/required-context.ts';
import type { BotInfo } from '@parley/protocol';

export interface BotState {
  bots: BotInfo[];
  bot: BotInfo | null;
  selectBot(botId: string): void;
  /** Re-reads the bots, e.g. after the live model version changed. */
  reload(): void;
}

export const [BotContext, useBots] = createRequiredContext<BotState>('useBots', 'BotProvider');
