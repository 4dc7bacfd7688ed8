import { api } from './http.ts';

export const fetchAnalytics = (botId: string, days = 30) => api.botAnalytics({ params: { botId }, query: { days } });
