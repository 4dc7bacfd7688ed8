import { request } from './http.ts';
import type { ReviewItem } from './types.ts';

export const fetchReviewQueue = (botId: string, limit = 50) =>
  request<{ items: ReviewItem[] }>(`/bots/${encodeURIComponent(botId)}/review-queue`, { query: { limit } });
