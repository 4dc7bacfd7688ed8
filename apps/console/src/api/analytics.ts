import { request } from './http.ts';
import type { Analytics } from './types.ts';

export const fetchAnalytics = (botId: string, days = 30) =>
  request<Analytics>(`/bots/${encodeURIComponent(botId)}/analytics`, { query: { days } });
