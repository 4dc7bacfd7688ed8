import { api } from './http.ts';

export const fetchBots = () => api.listBots();

export const fetchOperators = () => api.listOperators();
