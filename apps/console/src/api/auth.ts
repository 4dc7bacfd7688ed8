import { request } from './http.ts';
import type { OperatorProfile, Session } from './types.ts';

export const login = (email: string, password: string) =>
  request<Session>('/auth/login', { method: 'POST', body: { email, password }, quietUnauthorized: true });

export const logout = () => request<void>('/auth/logout', { method: 'POST', quietUnauthorized: true });

export const fetchMe = () => request<{ operator: OperatorProfile }>('/auth/me', { quietUnauthorized: true });
