import type { AppContext } from '../../app/context.ts';
import type { AnyRoute } from '../api-route.ts';

export function reviewRoutes(_ctx: AppContext): AnyRoute[] {
  return [];
}
