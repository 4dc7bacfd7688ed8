import { api } from './http.ts';

export const login = (email: string, password: string) => api.login({ body: { email, password } });

export const logout = () => api.logout();

export const fetchMe = () => api.me();
