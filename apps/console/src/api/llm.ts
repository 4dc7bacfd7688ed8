import type { BotLlmChange, DayRangeQuery } from '@parley/protocol';
import { api } from './http.ts';

export const fetchBotLlm = (botId: string) => api.getBotLlm({ params: { botId } });

/** Answers with the settings as stored; an absent `apiKey` keeps the stored one. */
export const saveBotLlm = (botId: string, change: BotLlmChange) => api.putBotLlm({ params: { botId }, body: change });

export const removeBotLlm = (botId: string) => api.deleteBotLlm({ params: { botId } });

/** A provider failure comes back as `ok: false` with its reason, not as a thrown error. */
export const testBotLlm = (botId: string) => api.testBotLlm({ params: { botId } });

export const fetchBotUsage = (botId: string, range: DayRangeQuery = {}) => api.getBotUsage({ params: { botId }, query: range });
