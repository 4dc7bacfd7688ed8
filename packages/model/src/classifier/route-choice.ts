import type { Language } from './types.ts';

/** The route that scores a message: its own language's head, else the other one. */
export function routeFor(task: { routes: Partial<Record<Language, unknown>> }, language: Language): Language {
  if (task.routes[language]) return language;
  return language === 'en' ? 'zh' : 'en';
}
