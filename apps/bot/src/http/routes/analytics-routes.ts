import type { AppContext } from '../../app/context.ts';
import type { AnyRoute } from '../api-route.ts';

export function analyticsRoutes(_ctx: AppContext): AnyRoute[] {
  return [];
}
