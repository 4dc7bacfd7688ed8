import { api } from './http.ts';

export const fetchReviewQueue = (botId: string, limit = 50) => api.reviewQueue({ params: { botId }, query: { limit } });
