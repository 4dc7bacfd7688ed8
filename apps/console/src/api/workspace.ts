import { request } from './http.ts';
import type { BotInfo, Role } from './types.ts';

export const fetchBots = () => request<{ bots: BotInfo[] }>('/bots');

export interface Colleague {
  id: string;
  displayName: string;
  email: string;
  role: Role;
}

export const fetchOperators = () => request<{ operators: Colleague[] }>('/operators');
